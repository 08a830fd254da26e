package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

type homeOut struct {
	Sessions []struct {
		ID          int64  `json:"id"`
		Topic       string `json:"topic"`
		Status      string `json:"status"`
		CheckinOpen bool   `json:"checkinOpen"`
	} `json:"sessions"`
	Year        int     `json:"year"`
	Hours       float64 `json:"hours"`
	HoursTarget float64 `json:"hoursTarget"`
	Quizzes     []struct {
		PaperID int64  `json:"paperId"`
		Title   string `json:"title"`
	} `json:"quizzes"`
	NotebookOpen     int `json:"notebookOpen"`
	NotebookDueToday int `json:"notebookDueToday"`
	Notebook         []struct {
		QuestionID int64  `json:"questionId"`
		Stem       string `json:"stem"`
	} `json:"notebook"`
	Contests  []struct{ ID int64 } `json:"contests"`
	Organizer *struct {
		SessionsToday []struct{ ID int64 } `json:"sessionsToday"`
		ToGrade       int                  `json:"toGrade"`
		Hosting       []struct{ ID int64 } `json:"hosting"`
		Imports       []any                `json:"imports"`
	} `json:"organizer"`
}

func home(t *testing.T, c *client) (homeOut, string) {
	t.Helper()
	r := c.call("GET", "/api/v1/me/home", nil)
	wantStatus(t, r, 200)
	var h homeOut
	r.json(t, &h)
	return h, string(r.body)
}

// The home page is the caller's own: their sessions with check-in status,
// their open quizzes and notebook (no key), contests they may join; the
// organizer part only for organizers, with only the classes they manage.
func TestHomePagePerCaller(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) { testHome(t, engine) })
	}
}

func testHome(t *testing.T, engine sqlstore.Engine) {
	ctx := context.Background()
	clk := &courseClock{t: sh("2026-05-11 08:55")}
	var training *courses.Service
	var bank *quiz.Service
	e := newEnv(t, options{engine: engine, features: func(db *sqlstore.DB, d *api.Deps) {
		var err error
		training, err = courses.NewService(db.Courses(), courses.Config{Secret: []byte("home-test-secret-0123456789"), Now: clk.now, Host: "test"})
		if err != nil {
			t.Fatal(err)
		}
		bank = quiz.NewService(db.Quiz(), clk.now, 7)
		if _, err := bank.CreateLaw(ctx, quiz.NewLaw{Name: "著作权法", Kind: "法律", Domains: []quiz.Domain{quiz.DomainCopyright},
			Version: quiz.NewLawVersion{Label: "2020年修正", Effective: "2021-06-01"}}); err != nil {
			t.Fatal(err)
		}
		d.Courses, d.Quiz = training, bank
		d.Contests = contest.NewService(db.Contests(), nil, clk.now)
	}})
	ce := &courseEnv{env: e, clock: clk, courses: training}
	ce.org, _ = e.user("org", e.root.ID, account.RoleOrganizer, account.RoleStaff)
	org2, _ := e.user("org2", e.root.ID, account.RoleOrganizer, account.RoleStaff)
	staff, staffU := e.user("staff01", e.root.ID, account.RoleStaff)
	other, _ := e.user("staff02", e.root.ID, account.RoleStaff)

	// Nothing yet: empty lists (never null) and the year's target.
	h, body := home(t, staff)
	if len(h.Sessions) != 0 || len(h.Quizzes) != 0 || h.NotebookOpen != 0 || h.NotebookDueToday != 0 || h.Organizer != nil || h.HoursTarget != courses.HoursTarget || h.Year != 2026 {
		t.Fatalf("empty home %s", body)
	}
	if strings.Contains(body, "null") {
		t.Fatalf("a list is null: %s", body)
	}

	_, batchID := ce.build(t)
	s1 := ce.session(t, batchID, "2026-05-11 09:00", "2026-05-11 11:00", map[string]any{"topic": "今日课程"})
	ce.session(t, batchID, "2026-05-12 09:00", "2026-05-12 11:00", map[string]any{"topic": "明日课程"})
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batchID), map[string]any{"userIds": []int64{staffU.ID}}), 200)

	h, body = home(t, staff)
	if len(h.Sessions) != 2 || h.Sessions[0].ID != s1 || !h.Sessions[0].CheckinOpen || h.Sessions[0].Status != "" || h.Sessions[1].CheckinOpen {
		t.Fatalf("sessions before check-in %s", body)
	}
	var d struct{ Token string }
	ce.org.call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/display", s1), nil).json(t, &d)
	wantStatus(t, staff.call("POST", "/api/v1/courses/checkin", map[string]string{"token": d.Token}), 200)
	h, body = home(t, staff)
	if h.Sessions[0].Status != "present" || h.Sessions[0].CheckinOpen || h.Hours != 2 {
		t.Fatalf("after check-in %s", body)
	}
	if h, _ := home(t, other); len(h.Sessions) != 0 {
		t.Fatal("someone else's sessions on the home page")
	}

	// A quiz assigned to everyone, and a wrong practice answer in the notebook.
	up, ct := uploadFile(t, "题库.txt", []byte(messyBank), nil)
	wantStatus(t, ce.org.do("POST", "/api/v1/quiz/import", up, ct), 200)
	r := ce.org.call("POST", "/api/v1/quiz/papers", map[string]any{"title": "版权测验", "timeLimit": 10, "passMark": 1, "review": "immediately",
		"rules": []map[string]any{{"count": 1, "type": "truefalse", "points": 1}}})
	wantStatus(t, r, 201)
	var p quiz.Paper
	r.json(t, &p)
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/assign", p.ID), map[string]any{"userIds": []int64{staffU.ID}}), 200)
	var next struct {
		Question struct{ ID int64 } `json:"question"`
	}
	r = staff.call("GET", "/api/v1/quiz/practice/next?random=false", nil)
	wantStatus(t, r, 200)
	r.json(t, &next)
	wrong := map[string]any{"response": map[string]any{"choices": []string{"Z"}, "true": false}}
	wantStatus(t, staff.call("POST", fmt.Sprintf("/api/v1/quiz/practice/%d/answer", next.Question.ID), wrong), 200)

	h, body = home(t, staff)
	if len(h.Quizzes) != 1 || h.Quizzes[0].PaperID != p.ID {
		t.Fatalf("quizzes %s", body)
	}
	var due quiz.NotebookDue
	r = staff.call("GET", "/api/v1/quiz/notebook/due", nil)
	wantStatus(t, r, 200)
	r.json(t, &due)
	// the home card and the notebook agree on what is due today
	if h.NotebookOpen != 1 || h.NotebookDueToday != due.DueToday || due.Open != 1 || len(h.Notebook) != 1 || h.Notebook[0].QuestionID != next.Question.ID || h.Notebook[0].Stem == "" {
		t.Fatalf("notebook %s", body)
	}
	for _, k := range answerKeyFields {
		if strings.Contains(body, k) {
			t.Fatalf("home page leaks %s: %s", k, body)
		}
	}
	if h, _ := home(t, other); len(h.Quizzes) != 0 || h.NotebookOpen != 0 {
		t.Fatal("another person's quizzes or notebook")
	}

	// Organizers: today's sessions of their own classes only.
	h, body = home(t, ce.org)
	if h.Organizer == nil || len(h.Organizer.SessionsToday) != 1 || h.Organizer.SessionsToday[0].ID != s1 || h.Organizer.ToGrade != 0 {
		t.Fatalf("organizer home %s", body)
	}
	if h, body := home(t, org2); h.Organizer == nil || len(h.Organizer.SessionsToday) != 0 {
		t.Fatalf("another organizer sees the class: %s", body)
	}
	if h, body := home(t, e.admin()); h.Organizer == nil || len(h.Organizer.SessionsToday) != 1 {
		t.Fatalf("admin home %s", body)
	}
	wantStatus(t, e.client().call("GET", "/api/v1/me/home", nil), 401)
}
