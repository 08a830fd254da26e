package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
)

// access says who may call a route.
type access int

const (
	public         access = iota // anyone, no session
	loggedIn                     // any user with a session (roles list may narrow it)
	passwordChange               // a user with a session, even one who must change the password
)

// route is one entry of the API surface. The same table registers the
// handlers and writes the OpenAPI document.
type route struct {
	method  string
	path    string
	summary string
	access  access
	roles   []account.Role // with loggedIn: at least one of these; nil means any role
	handler fiber.Handler
	body    any // a value of the request body type, for OpenAPI
	reply   any // a value of the response body type, for OpenAPI
	tag     string
}

var admin = []account.Role{account.RoleAdmin}

// routes is the whole HTTP and websocket surface on one screen.
func (s *server) routes() []route {
	return []route{
		{"POST", "/api/v1/auth/login", "Log in and get a session cookie", public, nil, s.login, loginRequest{}, meReply{}, "auth"},
		{"POST", "/api/v1/auth/logout", "End this session", passwordChange, nil, s.logout, nil, nil, "auth"},
		{"POST", "/api/v1/auth/password", "Change my password", passwordChange, nil, s.changePassword, passwordRequest{}, meReply{}, "auth"},
		{"GET", "/api/v1/me", "Who I am, my roles and CSRF token", passwordChange, nil, s.me, nil, meReply{}, "auth"},

		{"GET", "/api/v1/units", "List all units (flat tree)", loggedIn, nil, s.listUnits, nil, unitList{}, "units"},
		{"POST", "/api/v1/units", "Create a unit", loggedIn, admin, s.createUnit, account.NewUnit{}, account.Unit{}, "units"},
		{"PATCH", "/api/v1/units/:id", "Rename or move a unit", loggedIn, admin, s.updateUnit, account.UnitPatch{}, account.Unit{}, "units"},
		{"DELETE", "/api/v1/units/:id", "Delete an empty unit", loggedIn, admin, s.deleteUnit, nil, nil, "units"},

		{"GET", "/api/v1/users", "Search users", loggedIn, admin, s.listUsers, nil, userList{}, "users"},
		{"POST", "/api/v1/users", "Create a user", loggedIn, admin, s.createUser, account.NewUser{}, account.User{}, "users"},
		{"GET", "/api/v1/users/export", "Export users as .xlsx", loggedIn, admin, s.exportUsers, nil, xlsxFile{}, "users"},
		{"GET", "/api/v1/users/import/template", "Download the staff import template (.xlsx)", loggedIn, admin, s.importTemplate, nil, xlsxFile{}, "users"},
		{"POST", "/api/v1/users/import/preview", "Check an import file; writes nothing", loggedIn, admin, s.previewImport, uploadForm{}, account.ImportReport{}, "users"},
		{"POST", "/api/v1/users/import", "Import users from a file, all or nothing", loggedIn, admin, s.commitImport, uploadForm{}, account.ImportResult{}, "users"},
		{"GET", "/api/v1/users/:id", "Get a user", loggedIn, admin, s.getUser, nil, account.User{}, "users"},
		{"PATCH", "/api/v1/users/:id", "Edit, disable or enable a user", loggedIn, admin, s.updateUser, account.UserPatch{}, account.User{}, "users"},
		{"POST", "/api/v1/users/:id/password", "Reset a user's password", loggedIn, admin, s.resetPassword, resetRequest{}, nil, "users"},

		{"GET", "/ws/v1", "Websocket: clock sync and live events", loggedIn, nil, s.websocket, nil, nil, "live"},

		{"GET", "/api/v1/contests", "List live contests I may see", loggedIn, nil, s.listContests, nil, contestList{}, "contests"},
		{"GET", "/api/v1/contests/people", "Active staff of a unit (unitId) or matching q, to seat as players", loggedIn, contestHosts, s.contestPeople, nil, []contestPerson{}, "contests"},
		{"POST", "/api/v1/contests", "Create a live contest (draft)", loggedIn, contestHosts, s.createContest, contest.NewContest{}, contest.Contest{}, "contests"},
		{"GET", "/api/v1/contests/:id", "Get a contest (questions for its host only)", loggedIn, nil, s.getContest, nil, contest.Contest{}, "contests"},
		{"PUT", "/api/v1/contests/:id", "Edit a draft contest (refused once published)", loggedIn, contestHosts, s.updateContest, contest.NewContest{}, contest.Contest{}, "contests"},
		{"POST", "/api/v1/contests/:id/publish", "Snapshot the questions and publish", loggedIn, contestHosts, s.publishContest, nil, contest.Contest{}, "contests"},
		{"GET", "/api/v1/contests/:id/state", "The game as I may see it", loggedIn, nil, s.contestState, nil, contest.View{}, "contests"},
		{"GET", "/api/v1/contests/:id/timeline", "Arbitration timeline: every press, answer and score change", loggedIn, []account.Role{account.RoleAdmin, account.RoleOrganizer, account.RoleJudge}, s.contestTimeline, nil, timeline{}, "contests"},
		{"GET", "/api/v1/contests/:id/export", "Standings and timeline as .xlsx", loggedIn, []account.Role{account.RoleAdmin, account.RoleOrganizer, account.RoleJudge}, s.exportContest, nil, xlsxFile{}, "contests"},
		{"GET", "/api/v1/contests/:id/devices", "Devices connected to this instance", loggedIn, contestHosts, s.contestDevices, nil, deviceList{}, "contests"},
		{"GET", "/ws/v1/contests/:id", "Websocket: a live contest (?role=host|screen|player|audience), see docs/live-protocol.md", loggedIn, nil, s.contestSocket, nil, nil, "live"},

		{"GET", "/api/v1/judging/contests", "Judged contests I organize, judge or may see (published)", loggedIn, nil, s.listJudging, nil, judgingList{}, "judging"},
		{"POST", "/api/v1/judging/contests", "Create a judged contest (draft)", loggedIn, judgingOrganizers, s.createJudging, judging.NewContest{}, judging.Contest{}, "judging"},
		{"GET", "/api/v1/judging/speakers/template.xlsx", "Download the speaker import template (.xlsx)", loggedIn, judgingOrganizers, s.speakerTemplate, nil, xlsxFile{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id", "A judged contest (organizer; its judges once open; everyone once published)", loggedIn, nil, s.getJudging, nil, judging.Contest{}, "judging"},
		{"PUT", "/api/v1/judging/contests/:id", "Edit a contest (after opening: tiers and tie decisions only)", loggedIn, judgingOrganizers, s.updateJudging, judgingEdit{}, judging.Contest{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/entries", "The entries in speaking order", loggedIn, nil, s.judgingEntries, nil, entriesBody{}, "judging"},
		{"PUT", "/api/v1/judging/contests/:id/entries", "Replace the entries of a draft", loggedIn, judgingOrganizers, s.setJudgingEntries, entriesBody{}, entriesBody{}, "judging"},
		{"POST", "/api/v1/judging/contests/:id/entries/import", "Read a speaker sheet (mode=preview writes nothing; mode=import replaces the entries, all rows or none)", loggedIn, judgingOrganizers, s.importSpeakers, uploadForm{}, speakerImport{}, "judging"},
		{"POST", "/api/v1/judging/contests/:id/draw", "Draw the speaking order (seed optional; recorded, reproducible)", loggedIn, judgingOrganizers, s.drawJudging, drawBody{}, judging.Draw{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/draws", "The recorded draws", loggedIn, judgingOrganizers, s.judgingDraws, nil, []judging.Draw{}, "judging"},
		{"POST", "/api/v1/judging/contests/:id/status", "Open, lock, open the appeal window, publish", loggedIn, judgingOrganizers, s.setJudgingStatus, statusBody{}, judging.Contest{}, "judging"},
		{"POST", "/api/v1/judging/contests/:id/stage", "Stage console: speaker on stage, timer, reveal, ranking", loggedIn, judgingOrganizers, s.judgingStage, judging.Command{}, judging.Stage{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/board", "The live board as I may see it", loggedIn, nil, s.judgingBoard, nil, judging.Board{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/pad", "My judge pad: rubric, seat, entries with recusals and my sheets", loggedIn, nil, s.judgingPad, nil, pad{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/entries/:entry/draft", "My server-side draft", loggedIn, nil, s.getDraft, nil, judging.Sheet{}, "judging"},
		{"PUT", "/api/v1/judging/contests/:id/entries/:entry/draft", "Keep my draft", loggedIn, nil, s.saveDraft, sheetBody{}, nil, "judging"},
		{"POST", "/api/v1/judging/contests/:id/entries/:entry/sheet", "Submit my sheet (locks it; the same content again is a 200 duplicate)", loggedIn, nil, s.submitSheet, sheetBody{}, judging.Submitted{}, "judging"},
		{"POST", "/api/v1/judging/contests/:id/entries/:entry/conflict", "Declare a conflict of interest (回避) with an entry", loggedIn, nil, s.declareConflict, reasonBody{}, nil, "judging"},
		{"GET", "/api/v1/judging/contests/:id/sheets", "The sheets I may see (mine; all for the organizer or after publication)", loggedIn, nil, s.judgingSheets, nil, sheetList{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/entries/:entry/sheets/:judge", "One sheet (403 for another judge's before publication)", loggedIn, nil, s.judgingSheet, nil, judging.Sheet{}, "judging"},
		{"POST", "/api/v1/judging/contests/:id/entries/:entry/sheets/:judge/reopen", "Reopen a locked sheet, with a reason", loggedIn, judgingOrganizers, s.reopenSheet, reasonBody{}, judging.Sheet{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/recusals", "Every recusal, automatic or declared", loggedIn, judgingOrganizers, s.judgingRecusals, nil, recusalList{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/audit", "Every version of every sheet, who and why", loggedIn, judgingOrganizers, s.judgingAudit, nil, []judging.Audit{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/trail", "Audit trail: every sheet version, declared conflicts, draws, appeals with outcomes (organizer)", loggedIn, judgingOrganizers, s.judgingTrail, nil, trailReply{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/results", "Ranked results with spreads and judge severity (organizer; everyone once published)", loggedIn, nil, s.judgingResults, nil, resultsReply{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/results.xlsx", "Results and every judge's sheet (.xlsx)", loggedIn, nil, s.exportResults, nil, xlsxFile{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/appeals", "Appeals with their outcomes", loggedIn, judgingOrganizers, s.judgingAppeals, nil, []judging.Appeal{}, "judging"},
		{"POST", "/api/v1/judging/contests/:id/appeals", "Record an appeal (appeal window)", loggedIn, judgingOrganizers, s.fileAppeal, appealBody{}, judging.Appeal{}, "judging"},
		{"POST", "/api/v1/judging/contests/:id/appeals/:appeal/decide", "Record an appeal's outcome", loggedIn, judgingOrganizers, s.decideAppeal, decideBody{}, judging.Appeal{}, "judging"},
		{"POST", "/api/v1/judging/contests/:id/certificates", "Issue award certificates (published contests; reissuing keeps the codes)", loggedIn, judgingOrganizers, s.issueJudgingCertificates, nil, certificateList{}, "judging"},
		{"GET", "/api/v1/judging/contests/:id/certificates", "Award certificates (organizer; everyone once published)", loggedIn, nil, s.judgingCertificates, nil, certificateList{}, "judging"},
		{"GET", "/pub/v1/judging/certificates/:code", "Public award certificate check: name, unit, contest, tier and date only", public, nil, s.checkAward, nil, judging.CertificateCheck{}, "judging"},
		{"GET", "/pub/v1/judging/certificates/:code/qr.png", "QR code of an award certificate's verification page", public, nil, s.awardQR, nil, nil, "judging"},
		{"GET", "/verify/award/:code", "Public award certificate verification page (HTML)", public, nil, s.awardPage, nil, nil, "judging"},
		{"POST", "/api/v1/appraisal/contests", "Start a document appraisal with the shipped standard (评查标准, version 1)", loggedIn, judgingOrganizers, s.createAppraisal, newAppraisal{}, judging.Contest{}, "appraisal"},
		{"GET", "/api/v1/appraisal/unit", "My unit's documents in open appraisals, to upload to (unit heads)", loggedIn, []account.Role{account.RoleUnitHead}, s.unitAppraisals, nil, []appraisal.UnitAppraisal{}, "appraisal"},
		{"GET", "/api/v1/appraisal/contests/:id/standards", "Every version of the standard (organizer and judges)", loggedIn, nil, s.appraisalStandards, nil, appraisal.History{}, "appraisal"},
		{"POST", "/api/v1/appraisal/contests/:id/standards", "Save an edit of the standard as the next version (drafts only; frozen once scoring opens)", loggedIn, judgingOrganizers, s.reviseStandard, appraisal.Standard{}, appraisal.Standard{}, "appraisal"},
		{"GET", "/api/v1/appraisal/contests/:id/assignment", "The assignment screen: loads, every recusal, submitted sheets", loggedIn, judgingOrganizers, s.appraisalAssignment, nil, appraisal.AssignmentView{}, "appraisal"},
		{"POST", "/api/v1/appraisal/contests/:id/reassign", "Move a dropped-out judge's documents to the others (every other review stays)", loggedIn, judgingOrganizers, s.reassignAppraisal, reassignBody{}, appraisal.Assignment{}, "appraisal"},
		{"GET", "/api/v1/appraisal/contests/:id/bulletin", "The results bulletin (organizer: saved or drafted from the data after the reveal; others: once published)", loggedIn, nil, s.appraisalBulletin, nil, appraisal.Bulletin{}, "appraisal"},
		{"POST", "/api/v1/appraisal/contests/:id/bulletin/draft", "Draft the bulletin again from the data (stores nothing)", loggedIn, judgingOrganizers, s.redraftBulletin, nil, appraisal.Bulletin{}, "appraisal"},
		{"PUT", "/api/v1/appraisal/contests/:id/bulletin", "Save the edited bulletin (version checked), publish=true publishes it", loggedIn, judgingOrganizers, s.saveBulletin, bulletinBody{}, appraisal.Bulletin{}, "appraisal"},
		{"POST", documentUploadPath, "Upload a document file (PDF, DOCX, PNG, JPEG, at most 20 MiB; sniffed; organizers, or the head of the document's unit; the same content again is a 200 with the stored file)", loggedIn, appraisalUploaders, s.uploadAppraisalFile, uploadForm{}, fileReply{}, "appraisal"},
		{"POST", "/api/v1/appraisal/contests/:id/assignment", "Assign documents to judges at random (k per document, loads balanced, recusals kept; seed optional, recorded)", loggedIn, judgingOrganizers, s.assignAppraisal, assignBody{}, appraisalAssign{}, "appraisal"},
		{"GET", "/api/v1/appraisal/contests/:id/judge", "My blind documents as a judge (codes only, no unit, officers or case number)", loggedIn, nil, s.appraisalJudgeView, nil, appraisal.JudgeView{}, "appraisal"},
		{"GET", "/api/v1/appraisal/contests/:id/documents", "Documents with identities (organizer; others only after the reveal)", loggedIn, nil, s.appraisalDocuments, nil, []appraisal.Document{}, "appraisal"},
		{"POST", "/api/v1/appraisal/contests/:id/reveal", "Reveal identities once every sheet is locked (logged, once)", loggedIn, judgingOrganizers, s.revealAppraisal, nil, appraisal.Reveal{}, "appraisal"},
		{"GET", "/api/v1/appraisal/files/:file", "A document file (organizer or an assigned judge; never executable)", loggedIn, nil, s.appraisalFile, nil, nil, "appraisal"},
		{"GET", "/api/v1/appraisal/files/:file/pdf", "The PDF a DOCX file was converted to (the same access; 404 while pending, failed or without a converter)", loggedIn, nil, s.appraisalFilePDF, nil, nil, "appraisal"},
		{"GET", "/ws/v1/judging/:id", "Websocket: a judged contest's live board (?role=screen|pad|console)", loggedIn, nil, s.judgingSocket, nil, nil, "live"},
		{"GET", "/api/v1/debate/tournaments", "Debate tournaments I organize (admins: all)", loggedIn, judgingOrganizers, s.listDebates, nil, debateList{}, "debate"},
		{"POST", "/api/v1/debate/tournaments", "Create a debate tournament (draft)", loggedIn, judgingOrganizers, s.createDebate, debate.NewTournament{}, debate.Tournament{}, "debate"},
		{"GET", "/api/v1/debate/teams/template.xlsx", "Download the team import template (.xlsx)", loggedIn, judgingOrganizers, s.teamTemplate, nil, xlsxFile{}, "debate"},
		{"GET", "/api/v1/debate/tournaments/:id", "A tournament with teams, rounds, draws with notes, panels, matches and the standings (its organizer)", loggedIn, judgingOrganizers, s.getDebate, nil, debate.Overview{}, "debate"},
		{"PUT", "/api/v1/debate/tournaments/:id", "Edit a tournament (format, tie-breakers and rounds frozen once drawn)", loggedIn, judgingOrganizers, s.updateDebate, debateEdit{}, debate.Tournament{}, "debate"},
		{"POST", "/api/v1/debate/tournaments/:id/teams", "Add teams to a draft tournament", loggedIn, judgingOrganizers, s.addTeams, teamsBody{}, teamsBody{}, "debate"},
		{"POST", "/api/v1/debate/tournaments/:id/teams/import", "Read a team sheet (mode=preview writes nothing; mode=import adds the teams, all rows or none)", loggedIn, judgingOrganizers, s.importTeams, uploadForm{}, teamImport{}, "debate"},
		{"POST", "/api/v1/debate/tournaments/:id/teams/:team/withdraw", "Withdraw a team (kept in the standings, not drawn) or bring it back", loggedIn, judgingOrganizers, s.withdrawTeam, withdrawBody{}, withdrawBody{}, "debate"},
		{"POST", "/api/v1/debate/tournaments/:id/rounds", "Draw the next preliminary round (random first, then power-paired) and seat its panels", loggedIn, judgingOrganizers, s.drawDebateRound, roundBody{}, roundReply{}, "debate"},
		{"POST", "/api/v1/debate/tournaments/:id/knockout", "Draw the next knockout round (seeded from the standings, then the winners)", loggedIn, judgingOrganizers, s.drawKnockout, roundBody{}, roundReply{}, "debate"},
		{"GET", "/api/v1/debate/tournaments/:id/standings", "Standings with every tie-breaker column and the speaker rankings (organizer, judges)", loggedIn, nil, s.debateStandings, nil, debate.Table{}, "debate"},
		{"GET", "/api/v1/debate/tournaments/:id/audit", "The audit trail: unlocked matches, reopened ballots, decided knockouts, hand-seated panels, each with its reason", loggedIn, judgingOrganizers, s.debateAudit, nil, auditList{}, "debate"},
		{"GET", "/api/v1/debate/tournaments/:id/screen", "The tournament screen: standings, speakers, the latest draw, the bracket (organizer, judges)", loggedIn, nil, s.tournamentScreen, nil, debate.TournamentScreen{}, "debate"},
		{"PUT", "/api/v1/debate/matches/:id/panel", "Seat a match's panel by hand (recusal checked; before any ballot; recorded in the audit trail)", loggedIn, judgingOrganizers, s.setDebatePanel, panelBody{}, debate.Match{}, "debate"},
		{"POST", "/api/v1/debate/matches/:id/unlock", "Unlock a locked match with a reason (audit trail; not once a later round is drawn)", loggedIn, judgingOrganizers, s.unlockMatch, debateReason{}, debate.Live{}, "debate"},
		{"POST", "/api/v1/debate/matches/:id/ballots/:judge/reopen", "Reopen a judge's submitted ballot of an unlocked match with a reason (the ballot kept in the audit trail)", loggedIn, judgingOrganizers, s.reopenBallot, debateReason{}, reopenReply{}, "debate"},
		{"PUT", "/api/v1/debate/matches/:id/draft", "Keep my draft ballot on the server (the panel only; before the lock and my submit)", loggedIn, nil, s.saveDebateDraft, ballotBody{}, draftReply{}, "debate"},
		{"POST", "/api/v1/debate/matches/:id/command", "Match console: stage, timer, chess clocks, lock, decide, reveal, result, standings", loggedIn, judgingOrganizers, s.debateCommand, debate.Command{}, debate.Live{}, "debate"},
		{"GET", "/api/v1/debate/matches/:id/board", "A match's live board as I may see it (?view=screen: as the big screen)", loggedIn, nil, s.debateBoard, nil, debate.Board{}, "debate"},
		{"GET", "/api/v1/debate/matches/:id/pad", "My ballot pad for a match (its panel only)", loggedIn, nil, s.debatePad, nil, debate.Pad{}, "debate"},
		{"POST", "/api/v1/debate/matches/:id/ballot", "Submit my ballot (403 off the panel, 409 after the lock, 422 per field; the same ballot again is a 200 duplicate)", loggedIn, nil, s.submitBallot, ballotBody{}, debate.Submitted{}, "debate"},
		{"GET", "/api/v1/debate/my/matches", "The matches whose panel seats me", loggedIn, nil, s.myDebateMatches, nil, myMatches{}, "debate"},
		{"GET", "/ws/v1/debate/matches/:id", "Websocket: a debate match's live board (?role=screen|pad|console)", loggedIn, nil, s.debateSocket, nil, nil, "live"},
		{"GET", "/ws/v1/debate/tournaments/:id", "Websocket: a debate tournament's screen (standings, draw, bracket)", loggedIn, nil, s.tournamentSocket, nil, nil, "live"},
		{"GET", "/api/v1/me/home", "My home page: sessions with check-in status, open quizzes, notebook, contests, hours; for organizers what waits for them", loggedIn, nil, s.myHome, nil, homeReply{}, "home"},

		{"GET", "/api/v1/courses/programmes", "List training programmes", loggedIn, nil, s.listProgrammes, nil, []courses.Programme{}, "courses"},
		{"POST", "/api/v1/courses/programmes", "Create a programme with its phases", loggedIn, courseOrganizers, s.createProgramme, courses.Programme{}, courses.Programme{}, "courses"},
		{"GET", "/api/v1/courses/classes", "List classes (year, kind)", loggedIn, nil, s.listClasses, nil, []courses.Class{}, "courses"},
		{"POST", "/api/v1/courses/classes", "Create a class", loggedIn, courseOrganizers, s.createClass, courses.ClassInput{}, courses.Class{}, "courses"},
		{"GET", "/api/v1/courses/classes/:id", "A class with its batches", loggedIn, nil, s.getClass, nil, classReply{}, "courses"},
		{"PUT", "/api/v1/courses/classes/:id", "Replace a class", loggedIn, courseOrganizers, s.updateClass, courses.ClassInput{}, courses.Class{}, "courses"},
		{"GET", "/api/v1/courses/classes/:id/sessions", "A class's sessions", loggedIn, nil, s.classSessions, nil, []courses.Session{}, "courses"},
		{"POST", "/api/v1/courses/classes/:id/batches", "Add a batch to a class", loggedIn, courseOrganizers, s.createBatch, courses.BatchInput{}, courses.Batch{}, "courses"},
		{"GET", "/api/v1/courses/classes/:id/certificates/preview", "Who would receive a certificate now, and why the others would not; writes nothing", loggedIn, courseOrganizers, s.previewIssue, nil, courses.IssuePreview{}, "courses"},
		{"POST", "/api/v1/courses/classes/:id/certificates", "Issue certificates to everyone who completed the class", loggedIn, courseOrganizers, s.issueCertificates, nil, issuedReply{}, "courses"},
		{"GET", "/api/v1/courses/classes/:id/attendance.xlsx", "Export a class's attendance (.xlsx)", loggedIn, courseOrganizers, s.exportClassAttendance, nil, xlsxFile{}, "courses"},
		{"PUT", "/api/v1/courses/batches/:id", "Replace a batch", loggedIn, courseOrganizers, s.updateBatch, courses.BatchInput{}, courses.Batch{}, "courses"},
		{"GET", "/api/v1/courses/batches/:id/enrolments", "A batch's people, waitlist and requests", loggedIn, courseOrganizers, s.listEnrolments, nil, []courses.Enrolment{}, "courses"},
		{"POST", "/api/v1/courses/batches/:id/enrolments", "Enrol people or whole units (409 on clashes unless overridden)", loggedIn, courseOrganizers, s.enrol, courses.EnrolInput{}, courses.EnrolResult{}, "courses"},
		{"DELETE", "/api/v1/courses/batches/:id/enrolments/:userId", "Take a person out of a batch", loggedIn, courseOrganizers, s.removeEnrolment, nil, nil, "courses"},
		{"POST", "/api/v1/courses/batches/:id/requests/:userId", "Approve or decline a join or leave request", loggedIn, courseOrganizers, s.decideRequest, decideRequest{}, nil, "courses"},
		{"POST", "/api/v1/courses/batches/:id/join", "Ask to join a batch", loggedIn, nil, s.requestJoin, nil, nil, "courses"},
		{"POST", "/api/v1/courses/batches/:id/leave", "Ask to leave a batch", loggedIn, nil, s.requestLeave, nil, nil, "courses"},
		{"POST", "/api/v1/courses/sessions/check", "List the clashes a session would cause; writes nothing", loggedIn, courseOrganizers, s.checkSession, sessionCheck{}, clashReply{}, "courses"},
		{"POST", "/api/v1/courses/sessions", "Create a session (409 on clashes unless overridden)", loggedIn, courseOrganizers, s.createSession, courses.SessionInput{}, courses.Session{}, "courses"},
		{"GET", "/api/v1/courses/sessions/:id", "A session", loggedIn, nil, s.getSession, nil, courses.Session{}, "courses"},
		{"PUT", "/api/v1/courses/sessions/:id", "Replace or cancel a session", loggedIn, courseOrganizers, s.updateSession, courses.SessionInput{}, courses.Session{}, "courses"},
		{"GET", "/api/v1/courses/sessions/:id/display", "The current check-in token, link and count", loggedIn, courseOrganizers, s.checkinDisplay, nil, displayReply{}, "courses"},
		{"GET", "/api/v1/courses/sessions/:id/qr.png", "The current check-in QR code (PNG)", loggedIn, courseOrganizers, s.checkinQR, nil, nil, "courses"},
		{"GET", "/api/v1/courses/sessions/:id/roster", "A session's people and attendance", loggedIn, courseOrganizers, s.roster, nil, []courses.Attendance{}, "courses"},
		{"POST", "/api/v1/courses/sessions/:id/marks", "Mark a person's attendance by hand (audited)", loggedIn, courseOrganizers, s.mark, courses.MarkInput{}, courses.Attendance{}, "courses"},
		{"GET", "/api/v1/courses/sessions/:id/signin.xlsx", "The sign-in sheet of a session (.xlsx)", loggedIn, courseOrganizers, s.exportSignIn, nil, xlsxFile{}, "courses"},
		{"POST", "/api/v1/courses/checkin", "Check in with a scanned token", loggedIn, nil, s.checkIn, checkinRequest{}, courses.CheckInResult{}, "courses"},
		{"GET", "/api/v1/courses/me/schedule", "My sessions (from, to as dates)", loggedIn, nil, s.mySchedule, nil, []courses.Session{}, "courses"},
		{"GET", "/api/v1/courses/me/enrolments", "My places in batches", loggedIn, nil, s.myEnrolments, nil, []courses.Enrolment{}, "courses"},
		{"GET", "/api/v1/courses/me/record", "My hours, progress and certificates", loggedIn, nil, s.myRecord, nil, courses.Record{}, "courses"},
		{"GET", "/api/v1/courses/me/certificates/:code", "One of my certificates", loggedIn, nil, s.myCertificate, nil, courses.Certificate{}, "courses"},
		{"GET", "/api/v1/courses/me/feed", "My private calendar feed link", loggedIn, nil, s.myFeed, nil, feedReply{}, "courses"},
		{"POST", "/api/v1/courses/me/feed", "Replace my calendar feed link (the old one stops working)", loggedIn, nil, s.revokeFeed, nil, feedReply{}, "courses"},
		{"GET", "/api/v1/courses/unit-attendance", "Each person's attendance in a unit and its sub-units (unit heads: their own unit)", loggedIn, unitWatchers, s.unitAttendance, nil, unitAttendanceReply{}, "courses"},
		{"GET", "/api/v1/courses/unit-attendance.xlsx", "The same as .xlsx", loggedIn, unitWatchers, s.exportPeopleAttendance, nil, xlsxFile{}, "courses"},
		{"GET", "/api/v1/courses/people/:id/record", "A person's hours, progress and certificates (unit heads: people of their unit and its sub-units)", loggedIn, unitWatchers, s.personRecord, nil, personRecordReply{}, "courses"},
		{"GET", "/api/v1/courses/stats", "Attendance by unit, hours by domain, enrolment against capacity", loggedIn, courseOrganizers, s.courseStats, nil, courses.Stats{}, "courses"},
		{"GET", "/api/v1/courses/records.xlsx", "Training records of everyone for a year (.xlsx)", loggedIn, courseOrganizers, s.exportRecords, nil, xlsxFile{}, "courses"},
		{"GET", "/api/v1/courses/units/attendance.xlsx", "Attendance per unit for a year (.xlsx)", loggedIn, courseOrganizers, s.exportUnitAttendance, nil, xlsxFile{}, "courses"},

		{"GET", "/api/v1/quiz/laws", "The laws registry with versions", loggedIn, nil, s.quizLaws, nil, []quiz.Law{}, "quiz"},
		{"POST", "/api/v1/quiz/laws", "Register a law with its first version", loggedIn, quizOrganizers, s.createQuizLaw, quiz.NewLaw{}, quiz.Law{}, "quiz"},
		{"POST", "/api/v1/quiz/laws/:id/versions", "Record a new version; flags citing questions needs-review", loggedIn, quizOrganizers, s.addQuizLawVersion, quiz.NewLawVersion{}, versionReply{}, "quiz"},
		{"GET", "/api/v1/quiz/banks", "List question banks", loggedIn, nil, s.quizBanks, nil, []quiz.Bank{}, "quiz"},
		{"POST", "/api/v1/quiz/banks", "Create a question bank", loggedIn, quizOrganizers, s.createQuizBank, quiz.NewBank{}, quiz.Bank{}, "quiz"},
		{"GET", "/api/v1/quiz/questions", "Search questions (q, type, lawId, domain, difficulty, status, bankId)", loggedIn, quizOrganizers, s.quizQuestions, nil, questionList{}, "quiz"},
		{"POST", "/api/v1/quiz/questions", "Create a question", loggedIn, quizOrganizers, s.createQuizQuestion, quiz.NewQuestion{}, quiz.Question{}, "quiz"},
		{"POST", "/api/v1/quiz/questions/duplicates", "Near duplicates of a stem", loggedIn, quizOrganizers, s.quizDuplicates, duplicatesRequest{}, []quiz.Match{}, "quiz"},
		{"GET", "/api/v1/quiz/questions/export", "Export questions as .xlsx (same filters)", loggedIn, quizOrganizers, s.exportQuizQuestions, nil, xlsxFile{}, "quiz"},
		{"GET", "/api/v1/quiz/questions/:id", "Get a question", loggedIn, quizOrganizers, s.quizQuestion, nil, quiz.Question{}, "quiz"},
		{"PUT", "/api/v1/quiz/questions/:id", "Edit a question (a new revision)", loggedIn, quizOrganizers, s.updateQuizQuestion, quiz.NewQuestion{}, quiz.Question{}, "quiz"},
		{"GET", "/api/v1/quiz/questions/:id/revisions/:rev", "A question as it was at a revision", loggedIn, quizOrganizers, s.quizRevision, nil, quiz.Question{}, "quiz"},
		{"GET", "/api/v1/quiz/import/template", "Download the question import template (.xlsx)", loggedIn, quizOrganizers, s.quizTemplate, nil, xlsxFile{}, "quiz"},
		{"POST", "/api/v1/quiz/import/preview", "Check a .txt or .xlsx question file; writes nothing. Counts, bad rows first, then one page of rows (?offset=&limit=)", loggedIn, quizOrganizers, s.previewQuizImport, uploadForm{}, previewPage{}, "quiz"},
		{"POST", "/api/v1/quiz/import", "Import questions, all or nothing (form: file, bankId)", loggedIn, quizOrganizers, s.commitQuizImport, uploadForm{}, quiz.ImportResult{}, "quiz"},
		{"POST", "/api/v1/quiz/import/jobs", "Check (mode=preview) or import (mode=import) a question file in the background; 202 with the job", loggedIn, quizOrganizers, s.startQuizImportJob, uploadForm{}, quiz.Job{}, "quiz"},
		{"GET", "/api/v1/quiz/import/jobs/:id", "An import job's progress and result, a preview paged by ?offset=&limit= (a failed job answers its error)", loggedIn, quizOrganizers, s.quizImportJob, nil, quiz.Job{}, "quiz"},
		{"GET", "/api/v1/quiz/health", "Bank-health report (题库体检) of a bank (?bankId=, none: every bank; ?usage=1 adds answer statistics)", loggedIn, quizOrganizers, s.quizHealth, nil, quiz.HealthReport{}, "quiz"},
		{"POST", "/api/v1/quiz/health/dismissals", "Dismiss a bank-health finding with a reason (the bank's owner or an admin)", loggedIn, quizOrganizers, s.dismissQuizFinding, dismissRequest{}, quiz.Dismissal{}, "quiz"},
		{"POST", "/api/v1/quiz/health/dismissals/restore", "Reopen a dismissed bank-health finding", loggedIn, quizOrganizers, s.restoreQuizFinding, dismissRequest{}, nil, "quiz"},
		{"POST", "/api/v1/quiz/rules/preview", "How many questions each draw rule can draw from", loggedIn, quizOrganizers, s.previewQuizRules, rulesRequest{}, []quiz.RulePreview{}, "quiz"},
		{"GET", "/api/v1/quiz/papers", "List papers", loggedIn, quizOrganizers, s.quizPapers, nil, []quiz.Paper{}, "quiz"},
		{"POST", "/api/v1/quiz/papers", "Create a paper (fixed items and/or draw rules)", loggedIn, quizOrganizers, s.createQuizPaper, quiz.Paper{}, quiz.Paper{}, "quiz"},
		{"GET", "/api/v1/quiz/papers/:id", "Get a paper", loggedIn, quizOrganizers, s.quizPaper, nil, quiz.Paper{}, "quiz"},
		{"PUT", "/api/v1/quiz/papers/:id", "Edit a paper while nobody has started it (the owner or an admin; 409 once an attempt exists)", loggedIn, quizOrganizers, s.updateQuizPaper, quiz.Paper{}, quiz.Paper{}, "quiz"},
		{"POST", "/api/v1/quiz/papers/:id/copy", "Copy a paper (any organizer; the copy is theirs, unassigned)", loggedIn, quizOrganizers, s.copyQuizPaper, copyRequest{}, quiz.Paper{}, "quiz"},
		{"POST", "/api/v1/quiz/papers/:id/archive", "Archive or restore a paper (the owner or an admin): archived papers take no assignments or new attempts", loggedIn, quizOrganizers, s.archiveQuizPaper, archiveRequest{}, quiz.Paper{}, "quiz"},
		{"GET", "/api/v1/quiz/people", "Find people to assign a paper to (q)", loggedIn, quizOrganizers, s.quizPeople, nil, []quizPerson{}, "quiz"},
		{"POST", "/api/v1/quiz/papers/:id/assign", "Assign a paper to people and units", loggedIn, quizOrganizers, s.assignQuizPaper, assignRequest{}, assignReply{}, "quiz"},
		{"GET", "/api/v1/quiz/papers/:id/assignments", "Assignees with their progress", loggedIn, quizOrganizers, s.quizAssignments, nil, []quiz.Assignment{}, "quiz"},
		{"GET", "/api/v1/quiz/papers/:id/stats", "Paper and item statistics", loggedIn, quizOrganizers, s.quizPaperStats, nil, quiz.PaperStats{}, "quiz"},
		{"GET", "/api/v1/quiz/papers/:id/export", "Results and statistics as .xlsx", loggedIn, quizOrganizers, s.exportQuizResults, nil, xlsxFile{}, "quiz"},
		{"GET", "/api/v1/quiz/grading", "Short answers waiting for a mark", loggedIn, quizOrganizers, s.quizGrading, nil, []quiz.PendingItem{}, "quiz"},
		{"POST", "/api/v1/quiz/attempts/:id/items/:seq/mark", "Mark a short answer", loggedIn, quizOrganizers, s.markQuizItem, markRequest{}, nil, "quiz"},
		{"GET", "/api/v1/quiz/people/:id/stats", "A person's strengths by law and domain", loggedIn, quizOrganizers, s.quizPersonStats, nil, quiz.PersonStats{}, "quiz"},
		{"GET", "/api/v1/quiz/my/papers", "My quizzes", loggedIn, nil, s.myQuizPapers, nil, []quiz.MyPaper{}, "quiz"},
		{"GET", "/api/v1/quiz/my/stats", "My strengths by law and domain", loggedIn, nil, s.myQuizStats, nil, quiz.PersonStats{}, "quiz"},
		{"GET", "/api/v1/quiz/my/retention", "My retention curve per law, from the log of my notebook reviews", loggedIn, nil, s.myQuizRetention, nil, quiz.Retention{}, "quiz"},
		{"GET", "/api/v1/quiz/retention", "Everyone's retention curve per law, from the log of notebook reviews", loggedIn, quizOrganizers, s.quizRetention, nil, quiz.Retention{}, "quiz"},
		{"POST", "/api/v1/quiz/papers/:id/start", "Start or resume my attempt of an assigned paper", loggedIn, nil, s.startQuiz, nil, quiz.Sheet{}, "quiz"},
		{"GET", "/api/v1/quiz/attempts/:id", "My attempt (no key before review is allowed)", loggedIn, nil, s.quizAttempt, nil, quiz.Sheet{}, "quiz"},
		{"PUT", "/api/v1/quiz/attempts/:id/answers", "Autosave answers and flags", loggedIn, nil, s.saveQuizAnswers, answersRequest{}, quiz.Sheet{}, "quiz"},
		{"POST", "/api/v1/quiz/attempts/:id/submit", "Submit my attempt (idempotent)", loggedIn, nil, s.submitQuiz, answersRequest{}, quiz.Sheet{}, "quiz"},
		{"GET", "/api/v1/quiz/practice/next", "Next practice question (lawId, domain, bankId, random, after)", loggedIn, nil, s.nextPractice, nil, quiz.PracticeQuestion{}, "quiz"},
		{"POST", "/api/v1/quiz/practice/:id/answer", "Answer a practice or notebook question", loggedIn, nil, s.answerPractice, practiceRequest{}, quiz.Feedback{}, "quiz"},
		{"GET", "/api/v1/quiz/notebook", "My wrong-answer notebook (lawId, domain, all, due=today)", loggedIn, nil, s.quizNotebook, nil, []quiz.NotebookEntry{}, "quiz"},
		{"GET", "/api/v1/quiz/notebook/due", "How many of my notebook entries are due today (FSRS schedule)", loggedIn, nil, s.quizNotebookDue, nil, quiz.NotebookDue{}, "quiz"},
		{"POST", "/api/v1/quiz/notebook/:id/mastered", "Mark a notebook entry mastered or not", loggedIn, nil, s.setQuizMastered, masteredRequest{}, nil, "quiz"},
		{"GET", "/pub/v1/certificates/:code", "Public certificate check: name, class and date only", public, nil, s.verifyCertificate, nil, courses.Verification{}, "courses"},
		{"GET", "/pub/v1/certificates/:code/qr.png", "QR code of a certificate's verification page", public, nil, s.certificateQR, nil, nil, "courses"},
		{"GET", "/verify/:code", "Public certificate verification page (HTML)", public, nil, s.verifyPage, nil, nil, "courses"},
		{"GET", "/api/v1/courses/people", "Find staff to enrol (q)", loggedIn, courseOrganizers, s.people, nil, personList{}, "courses"},
		{"GET", "/api/v1/courses/import/template", "Download the schedule import template (.xlsx)", loggedIn, courseOrganizers, s.scheduleTemplate, nil, xlsxFile{}, "courses"},
		{"POST", "/api/v1/courses/import/preview", "Check a schedule file row by row; writes nothing", loggedIn, courseOrganizers, s.importSchedule(false), uploadForm{}, courses.ScheduleReport{}, "courses"},
		{"POST", "/api/v1/courses/import", "Import a schedule file, all rows or none", loggedIn, courseOrganizers, s.importSchedule(true), uploadForm{}, courses.ScheduleReport{}, "courses"},
		{"GET", "/ical/users/:token", "A user's calendar feed (iCal)", public, nil, s.userFeed, nil, nil, "courses"},
		{"GET", "/ical/classes/:token", "A class's calendar feed (iCal)", public, nil, s.classFeed, nil, nil, "courses"},

		{"GET", "/api/v1/programme/areas", "The six capability areas", loggedIn, nil, s.programmeAreas, nil, programmeAreas{}, "programme"},
		{"GET", "/api/v1/programme/tasks", "The year's tasks with their units (year, area)", loggedIn, programmeOrganizers, s.programmeTasks, nil, []programme.Task{}, "programme"},
		{"POST", "/api/v1/programme/tasks", "Define a task in an area and assign it to units", loggedIn, programmeOrganizers, s.createProgrammeTask, programme.TaskInput{}, programme.Task{}, "programme"},
		{"GET", "/api/v1/programme/unit-tasks", "Units' tasks with evidence, what the data measures and what is overdue (unit heads: their own unit)", loggedIn, programmeLeads, s.programmeUnitTasks, nil, []programme.UnitTask{}, "programme"},
		{"POST", "/api/v1/programme/tasks/:id/units/:unit/done", "Mark a unit's task done with its evidence (422 without it; the unit's head or organizers)", loggedIn, programmeLeads, s.markProgrammeTask, programme.DoneInput{}, programme.UnitTask{}, "programme"},
		{"POST", "/api/v1/programme/tasks/:id/units/:unit/return", "Send a unit's task back with a note (organizers review)", loggedIn, programmeOrganizers, s.returnProgrammeTask, returnBody{}, programme.UnitTask{}, "programme"},
		{"POST", "/api/v1/programme/files", "Upload an evidence or report file for a unit (PDF, DOCX, PNG, JPEG; sniffed, bounded)", loggedIn, programmeLeads, s.uploadProgrammeFile, uploadForm{}, programme.File{}, "programme"},
		{"GET", "/api/v1/programme/files/:id", "An evidence or report file (its unit's head, its uploader, organizers; never executable)", loggedIn, programmeLeads, s.programmeFile, nil, nil, "programme"},
		{"GET", "/api/v1/programme/reports", "Research reports of the year (unit heads: their own unit)", loggedIn, programmeLeads, s.programmeReports, nil, []programme.Report{}, "programme"},
		{"POST", "/api/v1/programme/reports", "Record a research report (title, authors, unit, abstract, uploaded file)", loggedIn, programmeLeads, s.createProgrammeReport, programme.ReportInput{}, programme.Report{}, "programme"},
		{"POST", "/api/v1/programme/reports/:id/outstanding", "Mark a report outstanding or not (organizers)", loggedIn, programmeOrganizers, s.markProgrammeReport, outstandingBody{}, programme.Report{}, "programme"},
		{"POST", "/api/v1/programme/reports/:id/appraisal", "Send a research report into a draft document appraisal as a new entry with its file (the appraisal's organizer; once per report)", loggedIn, programmeOrganizers, s.appraiseReport, appraiseBody{}, programme.Report{}, "programme"},
		{"GET", "/api/v1/programme/announcements", "The announcements I see, newest first, with my unread count", loggedIn, nil, s.announcements, nil, announcementList{}, "programme"},
		{"GET", "/api/v1/programme/announcements/unread", "How many announcements I have not read", loggedIn, nil, s.unreadAnnouncements, nil, unreadReply{}, "programme"},
		{"POST", "/api/v1/programme/announcements", "Publish an announcement to everyone or to chosen units", loggedIn, programmeOrganizers, s.publishAnnouncement, programme.AnnouncementInput{}, programme.Announcement{}, "programme"},
		{"POST", "/api/v1/programme/announcements/:id/read", "Open an announcement and record my read receipt", loggedIn, nil, s.readAnnouncement, nil, programme.Announcement{}, "programme"},
		{"GET", "/api/v1/programme/announcements/:id/receipts", "Who has read an announcement, per unit", loggedIn, programmeOrganizers, s.announcementReceipts, nil, []programme.Receipt{}, "programme"},
		{"GET", "/api/v1/programme/overview", "The leadership dashboard of a year (unit heads: their own unit)", loggedIn, programmeLeads, s.programmeOverview, nil, programme.Overview{}, "programme"},
		{"GET", "/api/v1/programme/rows", "The rows behind a dashboard number (metric, unitId, area, year or from/to)", loggedIn, programmeLeads, s.programmeRows, nil, programme.RowPage{}, "programme"},
		{"GET", "/api/v1/programme/record", "A personal record of the year: mine, or (userId) for the person's unit head and organizers", loggedIn, nil, s.programmeRecord, nil, programme.Record{}, "programme"},
		{"GET", "/api/v1/programme/bulletins", "Stage bulletins (drafts for organizers only)", loggedIn, nil, s.programmeBulletins, nil, []programme.Bulletin{}, "programme"},
		{"POST", "/api/v1/programme/bulletins", "Draft a stage bulletin from the data of a date range", loggedIn, programmeOrganizers, s.draftBulletin, programme.BulletinInput{}, programme.Bulletin{}, "programme"},
		{"GET", "/api/v1/programme/bulletins/:id", "A bulletin (a draft for organizers only)", loggedIn, nil, s.programmeBulletin, nil, programme.Bulletin{}, "programme"},
		{"PUT", "/api/v1/programme/bulletins/:id", "Edit a draft bulletin's title and text", loggedIn, programmeOrganizers, s.editBulletin, programme.BulletinEdit{}, programme.Bulletin{}, "programme"},
		{"POST", "/api/v1/programme/bulletins/:id/publish", "Publish a bulletin (again: unchanged)", loggedIn, programmeOrganizers, s.publishBulletin, nil, programme.Bulletin{}, "programme"},
		{"GET", "/api/v1/programme/awards/ranking", "The 优秀组织奖 ranking with every component's points", loggedIn, programmeOrganizers, s.awardRanking, nil, programme.Ranking{}, "programme"},
		{"PUT", "/api/v1/programme/awards/weights", "Set the year's award formula (weights 0–100, cap per unit)", loggedIn, programmeOrganizers, s.setAwardWeights, programme.Weights{}, programme.Weights{}, "programme"},
		{"GET", "/api/v1/programme/awards/proposals", "标兵 proposed from the data (hours, quizzes, contests), capped per unit", loggedIn, programmeLeads, s.awardProposals, nil, []programme.Candidate{}, "programme"},
		{"GET", "/api/v1/programme/awards/nominations", "标兵 nominations with every committee decision", loggedIn, programmeLeads, s.awardNominations, nil, []programme.Nomination{}, "programme"},
		{"POST", "/api/v1/programme/awards/nominations", "Nominate a person as 标兵 (the unit's head or organizers; capped per unit)", loggedIn, programmeLeads, s.nominate, programme.NominationInput{}, programme.Nomination{}, "programme"},
		{"POST", "/api/v1/programme/awards/nominations/:id/decide", "Record the committee's decision with its reason", loggedIn, programmeOrganizers, s.decideNomination, programme.DecisionInput{}, programme.Nomination{}, "programme"},
		{"GET", "/api/v1/programme/awards/commendations.xlsx", "The commendation list: ranking with components and approved 标兵 (.xlsx)", loggedIn, programmeOrganizers, s.exportCommendations, nil, xlsxFile{}, "programme"},

		{"GET", "/healthz", "The process is up", public, nil, s.healthz, nil, nil, "ops"},
		{"GET", "/readyz", "The database and Redis answer", public, nil, s.readyz, nil, nil, "ops"},
		{"GET", "/metrics", "Prometheus metrics", public, nil, s.metricsHandler(), nil, nil, "ops"},
		{"GET", "/debug/pprof/*", "Go runtime profiles (net/http/pprof: goroutine, heap, profile, trace), admins only", loggedIn, admin, s.pprofHandler(), nil, nil, "ops"},
		{"GET", "/api/openapi.json", "This API's OpenAPI 3 description", public, nil, s.openAPI, nil, nil, "ops"},
	}
}

// register adds every route, guarded by its access rule, then the front end.
func (s *server) register(app *fiber.App) {
	for _, r := range s.routes() {
		app.Add(r.method, r.path, s.guard(r), r.handler)
	}
	app.All("/api/*", func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	s.serveFrontend(app)
}
