-- The queries of the hot paths (what SeaORM sends, with the values of one
-- case inlined): c07-student12 (account and person 13859, college 8, group 237,
-- subgroup 473), a parent of the region (person 13837), the group's subject 298
-- taught by person 13776, the week of 30.11.2026 and the month of December.
-- bench/explain.sh prints the plan of each on SQLite or PostgreSQL.
-- session: the token's session with its account, the account's consent to the terms, its person and its grants (a row a grant), in one query (every request whose session is not kept in memory)
SELECT sessions.*, accounts.*, EXISTS (SELECT 1 FROM consents WHERE consents.account_id = accounts.id AND consents.terms_version = '2026-09-01') AS consented, people.*, role_grants.* FROM sessions INNER JOIN accounts ON sessions.account_id = accounts.id LEFT JOIN people ON people.id = accounts.person_id LEFT JOIN role_grants ON role_grants.account_id = accounts.id WHERE sessions.id = 'x' AND sessions.expires_at > '2026-12-01';
-- session: a parent's children
SELECT * FROM parent_links WHERE parent_person_id = 13837;
-- session: a parent's children by name (a student's own name comes with the session)
SELECT * FROM people WHERE id IN (13859) ORDER BY surname, name;
-- diary: the student with their enrolments (the latest chosen in Rust, no ORDER BY)
SELECT gs.id, gs.person_id, gs.group_id, gs.subgroup_id, p.surname, p.name, p.patronymic, g.name FROM group_students gs JOIN people p ON p.id = gs.person_id JOIN study_groups g ON g.id = gs.group_id WHERE gs.org_id = 8 AND gs.person_id = 13859;
-- diary: the week's lessons of the group and subgroup, with subject, teachers, room and the student's cells (entries, marks and kinds) in one query; sorted in Rust (no ORDER BY)
SELECT l.id, l.date, l.pair_no, l.starts_at, l.ends_at, l.subject_id, sj.name, l.topic, l.homework, l.cancelled, l.changed, t.surname, t.name, t.patronymic, s.surname, s.name, s.patronymic, r.number, EXISTS (SELECT 1 FROM lesson_files f WHERE f.lesson_id = l.id), e.lesson_id, e.student_person_id, e.attendance, e.reason, e.version, m.id, m.value, m.position, k.name, k.weight FROM lessons l JOIN subjects sj ON sj.id = l.subject_id JOIN people t ON t.id = l.teacher_person_id LEFT JOIN people s ON s.id = l.substitute_person_id LEFT JOIN rooms r ON r.id = l.room_id LEFT JOIN journal_entries e ON e.lesson_id = l.id AND e.student_person_id = 13859 LEFT JOIN marks m ON m.entry_id = e.id LEFT JOIN work_kinds k ON k.id = m.work_kind_id WHERE l.org_id = 8 AND l.group_id = 237 AND l.date BETWEEN '2026-11-30' AND '2026-12-05' AND (l.subgroup_id IS NULL OR l.subgroup_id = 473);
-- diary and journal: the college's kinds of work
SELECT * FROM work_kinds WHERE org_id = 8 ORDER BY position;
-- diary: files of the week's lessons
SELECT id, lesson_id, file_name FROM lesson_files WHERE org_id = 8 AND lesson_id IN (SELECT id FROM lessons WHERE group_id = 237 AND date BETWEEN '2026-11-30' AND '2026-12-06');
-- journal: the head (group, subject, the subject's span in the group, whether the caller teaches it, the college's days for editing marks)
SELECT g.name, s.name, s.scale, MIN(l.date), MAX(l.date), COALESCE(MAX(CASE WHEN (l.teacher_person_id = 13776 OR l.substitute_person_id = 13776) THEN 1 ELSE 0 END), 0), cs.mark_edit_days FROM study_groups g INNER JOIN subjects s ON s.id = 298 AND s.org_id = g.org_id LEFT JOIN lessons l ON l.group_id = g.id AND l.subject_id = s.id LEFT JOIN college_settings cs ON cs.org_id = g.org_id WHERE g.id = 237 AND g.org_id = 8 GROUP BY g.name, s.name, s.scale, cs.mark_edit_days;
-- journal: the month's lessons of the group and subject
SELECT * FROM lessons WHERE org_id = 8 AND group_id = 237 AND subject_id = 298 AND date BETWEEN '2026-12-01' AND '2026-12-31' AND cancelled = false ORDER BY date, pair_no;
-- journal: the cells of those lessons (entries, marks and kinds in one query)
SELECT e.lesson_id, e.student_person_id, e.attendance, e.reason, e.version, m.id, m.value, k.name, k.weight FROM journal_entries e LEFT JOIN marks m ON m.entry_id = e.id LEFT JOIN work_kinds k ON k.id = m.work_kind_id WHERE e.org_id = 8 AND e.lesson_id IN (SELECT id FROM lessons WHERE org_id = 8 AND group_id = 237 AND subject_id = 298 AND date BETWEEN '2026-12-01' AND '2026-12-31') ORDER BY e.lesson_id, e.student_person_id, m.position, m.id;
-- journal: the revision counters of the months before the one shown (the sums below are read only when these moved)
SELECT CAST(COALESCE(SUM(revision), 0) AS BIGINT) FROM journal_revisions WHERE group_id = 237 AND subject_id = 298 AND month < '2026-12-01';
-- journal: the subject's marks before the month summed by student, subgroup and value, and its absences counted by student, subgroup and reason, in one statement
SELECT 'marks', m.student_person_id, l.subgroup_id, m.value, SUM(COALESCE(k.weight, 1)) FROM marks m JOIN lessons l ON l.id = m.lesson_id LEFT JOIN work_kinds k ON k.id = m.work_kind_id WHERE l.org_id = 8 AND l.group_id = 237 AND l.subject_id = 298 AND l.date < '2026-12-01' AND l.cancelled = false GROUP BY m.student_person_id, l.subgroup_id, m.value UNION ALL SELECT 'absences', e.student_person_id, l.subgroup_id, e.reason, COUNT(1) FROM journal_entries e JOIN lessons l ON l.id = e.lesson_id WHERE l.org_id = 8 AND l.group_id = 237 AND l.subject_id = 298 AND l.date < '2026-12-01' AND l.cancelled = false AND e.attendance = 'absent' GROUP BY e.student_person_id, l.subgroup_id, e.reason;
-- journal: the group's roster (names and subgroup only)
SELECT gs.person_id, p.surname, p.name, p.patronymic, gs.subgroup_id FROM group_students gs INNER JOIN people p ON gs.person_id = p.id WHERE gs.org_id = 8 AND gs.group_id = 237 ORDER BY p.surname, p.name, p.id;
-- journal: unlocks for the teacher and group
SELECT * FROM journal_unlocks WHERE org_id = 8 AND teacher_person_id = 13776 AND group_id = 237;
-- write: the lesson with its subject, whether the student takes part, the college's days for marks, whether the lesson's year is closed (the year's expression, backend-specific, inlined as its value), the student's cell (its entry and marks: a row a mark) and the college's kinds of work (one JSON column: json_agg on PostgreSQL, json_group_array on SQLite; here the kinds' aggregate by count, the same scan), in one query
SELECT lessons.*, subjects.*, EXISTS (SELECT 1 FROM group_students WHERE group_students.org_id = lessons.org_id AND group_students.person_id = 13859 AND group_students.group_id = lessons.group_id AND (lessons.subgroup_id IS NULL OR group_students.subgroup_id = lessons.subgroup_id)) AS takes_part, (SELECT mark_edit_days FROM college_settings WHERE org_id = 8) AS mark_edit_days, EXISTS (SELECT 1 FROM school_years WHERE school_years.org_id = 8 AND school_years.year = 2026 AND school_years.closed_at IS NOT NULL) AS year_closed, (SELECT COUNT(k.id) FROM work_kinds k WHERE k.org_id = 8) AS work_kinds, journal_entries.*, marks.* FROM lessons LEFT JOIN subjects ON lessons.subject_id = subjects.id LEFT JOIN journal_entries ON journal_entries.lesson_id = lessons.id AND journal_entries.student_person_id = 13859 LEFT JOIN marks ON marks.entry_id = journal_entries.id WHERE lessons.id = 211561 AND lessons.org_id = 8;
-- write: the cell again after a conflict (its entry and marks in one query; lesson 211561 of 26.11.2026, where the student has an entry)
SELECT journal_entries.*, marks.* FROM journal_entries LEFT JOIN marks ON marks.entry_id = journal_entries.id WHERE journal_entries.org_id = 8 AND journal_entries.lesson_id = 211561 AND journal_entries.student_person_id = 13859 ORDER BY marks.position, marks.id;
-- write: parents to notify of an absence
SELECT * FROM parent_links WHERE child_person_id = 13859;
-- login: failures for the login in the window
SELECT COUNT(*) FROM login_attempts WHERE login = 'c07-student12' AND success = false AND at > '2026-12-01';
-- login: the account by login
SELECT * FROM accounts WHERE login = 'c07-student12';
