-- team: team members and connectors
-- params: none
-- columns: n, role
SELECT n, role FROM team
