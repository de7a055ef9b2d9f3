-- set_team_role: make person :n a team member or connector
-- params: :n, :role
-- columns: none
INSERT OR REPLACE INTO team (n, role) VALUES (:n, :role)
