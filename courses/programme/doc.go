// Package programme owns the year's campaign (能力提升年) as Weishi
// measures it: the six capability areas and the tasks per area assigned
// to units (with due dates in the phases and their evidence), research
// reports (调研报告), announcements (通知公告) with read receipts, stage
// bulletins (阶段通报) drafted from the data, the dashboards' figures and
// the year-end awards (优秀组织奖 by a weighted formula, 标兵 nominated and
// approved by the committee).
//
// It is a domain package: it imports the standard library and other domain
// packages only. What the platform already records (attendance, hours,
// quizzes, contests) is read through the Store, whose SQL adapter lives in
// server/sqlstore.
package programme
