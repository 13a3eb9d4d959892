// A synthetic district: 1,000 organizations × order №76's 9 actions × a year of periods
// (weekly actions 2–7: 52 weeks; monthly 1 and 9: 12 months; once 8) ≈ 337,000 tasks.
export const SEED_SQL = `
INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
VALUES ('00000000-0000-4000-8000-000000000001', NULL, '/00000000-0000-4000-8000-000000000001/', 'B-REGION', 'Регион', 'Регион', 'region'),
       ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001',
        '/00000000-0000-4000-8000-000000000001/00000000-0000-4000-8000-000000000002/', 'B-DISTRICT', 'Отдел образования', 'Отдел образования', 'department');

INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
SELECT id, '00000000-0000-4000-8000-000000000002',
       '/00000000-0000-4000-8000-000000000001/00000000-0000-4000-8000-000000000002/' || id || '/',
       'B-' || lpad(n::text, 5, '0'), 'МКОУ «Школа №' || n || '»', 'Школа №' || n, 'school'
FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 1000) AS n) AS s;

INSERT INTO roadmap (id, code, title, order_number, order_date, issuer, owner_organization_id)
VALUES ('00000000-0000-4000-8000-0000000000aa', 'bench', 'Бенчмарк', '76', '2025-08-01', 'Отдел образования', '00000000-0000-4000-8000-000000000002');

INSERT INTO roadmap_action (id, roadmap_id, number, title, full_text, responsible, responsible_text, schedule, deadline_text, result_type, result_text)
SELECT gen_random_uuid(), '00000000-0000-4000-8000-0000000000aa', n, 'Мероприятие ' || n, 'Текст ' || n,
       '{"type":"owner"}', 'Отдел образования', '{}', 'еженедельно', CASE WHEN n BETWEEN 2 AND 7 THEN 'indicator' ELSE 'report' END, 'Отчет'
FROM generate_series(1, 9) AS n;

CREATE TEMP TABLE bench_period AS
SELECT a.id AS action_id, to_char(w, 'IYYY-"W"IW') AS key, w::date AS start, (w + interval '6 days')::date AS "end",
       ((w + interval '7 days')::date + time '23:59') AT TIME ZONE 'Europe/Moscow' AS due_at
FROM roadmap_action a CROSS JOIN generate_series(timestamp '2025-09-01', timestamp '2025-09-01' + interval '51 weeks', interval '1 week') AS w
WHERE a.number BETWEEN 2 AND 7
UNION ALL
SELECT a.id, to_char(m, 'YYYY-MM'), m::date, (m + interval '1 month' - interval '1 day')::date,
       ((m + interval '1 month' - interval '1 day')::date + time '23:59') AT TIME ZONE 'Europe/Moscow'
FROM roadmap_action a CROSS JOIN generate_series(timestamp '2025-08-01', timestamp '2026-07-01', interval '1 month') AS m
WHERE a.number IN (1, 9)
UNION ALL
SELECT a.id, 'once', date '2025-09-01', date '2025-09-30', (date '2025-09-30' + time '23:59') AT TIME ZONE 'Europe/Moscow'
FROM roadmap_action a WHERE a.number = 8;

INSERT INTO task (action_id, roadmap_id, organization_id, period_key, period_start, period_end, due_at, original_due_at, status, version)
SELECT p.action_id, '00000000-0000-4000-8000-0000000000aa', o.id, p.key, p.start, p."end", p.due_at, p.due_at,
       (ARRAY['open', 'open', 'in_progress', 'submitted', 'accepted', 'accepted', 'accepted', 'returned', 'open', 'cancelled'])[1 + abs(hashtext(o.id::text || p.key)) % 10], 1
FROM bench_period p CROSS JOIN organization o
WHERE o.kind = 'school';

ANALYZE;
`;
