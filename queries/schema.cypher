// schema: constraints and indexes of the store, each created only if missing (statements separated by ;)
// params: none
// columns: none
CREATE CONSTRAINT person_n IF NOT EXISTS FOR (p:Person) REQUIRE p.n IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT person_key IF NOT EXISTS FOR (k:PersonKey) REQUIRE k.key IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT evidence_id IF NOT EXISTS FOR (e:Evidence) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:Meta) REQUIRE m.key IS UNIQUE;
CREATE CONSTRAINT intro_id IF NOT EXISTS FOR (i:Intro) REQUIRE i.id IS UNIQUE;
CREATE CONSTRAINT suppressed_hash IF NOT EXISTS FOR (s:Suppressed) REQUIRE s.hash IS UNIQUE;
CREATE INDEX person_name_key IF NOT EXISTS FOR (p:Person) ON (p.name_key);
CREATE INDEX person_last_key IF NOT EXISTS FOR (p:Person) ON (p.last_key);
CREATE CONSTRAINT member_key IF NOT EXISTS FOR (k:MemberKey) REQUIRE k.key IS UNIQUE;
CREATE INDEX member_key_n IF NOT EXISTS FOR (k:MemberKey) ON (k.n);
CREATE INDEX person_company IF NOT EXISTS FOR (p:Person) ON (p.company_key, p.last_key);
CREATE INDEX person_company_key IF NOT EXISTS FOR (p:Person) ON (p.company_key);
CREATE INDEX person_seniority IF NOT EXISTS FOR (p:Person) ON (p.seniority);
CREATE INDEX person_team IF NOT EXISTS FOR (p:Person) ON (p.team_role);
CREATE INDEX person_no_intro IF NOT EXISTS FOR (p:Person) ON (p.no_intro);
CREATE INDEX person_phone IF NOT EXISTS FOR (p:Person) ON (p.phone);
CREATE INDEX person_birthday IF NOT EXISTS FOR (p:Person) ON (p.birthday);
CREATE INDEX person_postcode IF NOT EXISTS FOR (p:Person) ON (p.postcode);
CREATE INDEX person_key_n IF NOT EXISTS FOR (k:PersonKey) ON (k.n);
CREATE INDEX source_owner IF NOT EXISTS FOR (s:Source) ON (s.sha256, s.owner_n);
CREATE INDEX source_owner_n IF NOT EXISTS FOR (s:Source) ON (s.owner_n);
CREATE INDEX evidence_pair IF NOT EXISTS FOR (e:Evidence) ON (e.a, e.b);
CREATE INDEX evidence_a IF NOT EXISTS FOR (e:Evidence) ON (e.a);
CREATE INDEX evidence_b IF NOT EXISTS FOR (e:Evidence) ON (e.b);
CREATE INDEX evidence_kind IF NOT EXISTS FOR (e:Evidence) ON (e.kind);
CREATE CONSTRAINT sighting_id IF NOT EXISTS FOR (s:Sighting) REQUIRE s.id IS UNIQUE;
CREATE INDEX sighting_n IF NOT EXISTS FOR (s:Sighting) ON (s.n);
CREATE INDEX merge_kept IF NOT EXISTS FOR (m:Merge) ON (m.kept_n);
CREATE INDEX intro_event_intro IF NOT EXISTS FOR (e:IntroEvent) ON (e.intro_id)
