-- The queries of the hot paths (what SeaORM sends, with the values of one
-- case inlined): c07-student12 (account and person 13859, college 8, group 237,
-- subgroup 473), a parent of the region (person 13837), the group's subject 298
-- taught by person 13776, the week of 30.11.2026 and the month of December.
-- bench/explain.sh prints the plan of each on SQLite or PostgreSQL.
-- session: the token's session (every request)
SELECT * FROM sessions WHERE id = 'x' AND expires_at > '2026-12-01';
-- session: the account's grants
SELECT * FROM role_grants WHERE account_id = 13859;
-- session: a parent's children
SELECT * FROM parent_links WHERE parent_person_id = 13837;
-- session: consent to the terms
SELECT * FROM consents WHERE account_id = 13859 AND terms_version = '2026-09-01';
-- diary: the student's group
SELECT * FROM group_students WHERE org_id = 8 AND person_id IN (13859);
-- diary: the week's lessons of the group and subgroup
SELECT * FROM lessons WHERE org_id = 8 AND group_id = 237 AND date BETWEEN '2026-11-30' AND '2026-12-06' AND (subgroup_id IS NULL OR subgroup_id = 473) ORDER BY date, pair_no;
-- diary: the student's entries at those lessons
SELECT * FROM journal_entries WHERE org_id = 8 AND student_person_id = 13859 AND lesson_id IN (SELECT id FROM lessons WHERE group_id = 237 AND date BETWEEN '2026-11-30' AND '2026-12-06');
-- diary: the student's marks at those lessons
SELECT * FROM marks WHERE org_id = 8 AND student_person_id = 13859 AND lesson_id IN (SELECT id FROM lessons WHERE group_id = 237 AND date BETWEEN '2026-11-30' AND '2026-12-06') ORDER BY position, id;
-- diary and journal: the college's kinds of work
SELECT * FROM work_kinds WHERE org_id = 8 ORDER BY position;
-- diary: files of the week's lessons
SELECT id, lesson_id, file_name FROM lesson_files WHERE org_id = 8 AND lesson_id IN (SELECT id FROM lessons WHERE group_id = 237 AND date BETWEEN '2026-11-30' AND '2026-12-06');
-- journal: the subject's span in the group
SELECT MIN(date), MAX(date) FROM lessons WHERE org_id = 8 AND group_id = 237 AND subject_id = 298;
-- journal: the month's lessons of the group and subject
SELECT * FROM lessons WHERE org_id = 8 AND group_id = 237 AND subject_id = 298 AND date BETWEEN '2026-12-01' AND '2026-12-31' AND cancelled = false ORDER BY date, pair_no;
-- journal: the entries of those lessons
SELECT * FROM journal_entries WHERE org_id = 8 AND lesson_id IN (SELECT id FROM lessons WHERE group_id = 237 AND subject_id = 298 AND date BETWEEN '2026-12-01' AND '2026-12-31');
-- journal: the marks of those lessons
SELECT * FROM marks WHERE org_id = 8 AND lesson_id IN (SELECT id FROM lessons WHERE group_id = 237 AND subject_id = 298 AND date BETWEEN '2026-12-01' AND '2026-12-31') ORDER BY position, id;
-- journal: the group's students
SELECT * FROM group_students WHERE org_id = 8 AND group_id = 237;
-- journal: unlocks for the teacher and group
SELECT * FROM journal_unlocks WHERE org_id = 8 AND teacher_person_id = 13776 AND group_id = 237;
-- write: the cell's entry
SELECT * FROM journal_entries WHERE org_id = 8 AND lesson_id = 100 AND student_person_id = 13859;
-- write: the cell's marks
SELECT * FROM marks WHERE org_id = 8 AND lesson_id = 100 AND student_person_id = 13859 ORDER BY position, id;
-- write: parents to notify of an absence
SELECT * FROM parent_links WHERE child_person_id = 13859;
-- login: failures for the login in the window
SELECT COUNT(*) FROM login_attempts WHERE login = 'c07-student12' AND success = false AND at > '2026-12-01';
-- login: the account by login
SELECT * FROM accounts WHERE login = 'c07-student12';
