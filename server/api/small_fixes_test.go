package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/server/account"
)

// TestClassFeedTokenOnlyForItsOrganizers: a class's calendar feed token
// opens its schedule to anyone holding it, so only the class's organizer
// and admins see it (issue 8).
func TestClassFeedTokenOnlyForItsOrganizers(t *testing.T) {
	ce := newCourseEnv(t, 1)
	classID, _ := ce.build(t)
	ce.accounts.CreateUserWithoutChange(context.Background(), account.NewUser{Account: "org2", Name: "组织二", UnitID: ce.root.ID, Roles: []account.Role{account.RoleOrganizer}, Password: "Passw0rd1"})
	o2 := ce.client()
	wantStatus(t, o2.login("org2", "Passw0rd1"), 200)
	for _, tc := range []struct {
		who  string
		c    *client
		sees bool
	}{{"its organizer", ce.org, true}, {"an admin", ce.admin(), true}, {"another organizer", o2, false}, {"staff", ce.staff[0], false}} {
		var one classOut
		r := tc.c.call("GET", fmt.Sprintf("/api/v1/courses/classes/%d", classID), nil)
		wantStatus(t, r, 200)
		r.json(t, &one)
		var list []classOut
		r = tc.c.call("GET", "/api/v1/courses/classes", nil)
		wantStatus(t, r, 200)
		r.json(t, &list)
		if len(list) != 1 || (one.FeedToken != "") != tc.sees || (list[0].FeedToken != "") != tc.sees {
			t.Errorf("%s: class %+v, list %+v; want token shown %v", tc.who, one, list, tc.sees)
		}
	}
}

// TestEmptyListsAreArrays: lists answer [] and not null when empty.
func TestEmptyListsAreArrays(t *testing.T) {
	qe := newQuizEnv(t)
	st := qe.staff[0]
	for path, want := range map[string]string{
		"/api/v1/quiz/my/stats":  `{"userId":%d,"attempts":0,"byLaw":[],"byDomain":[]}`,
		"/api/v1/quiz/my/papers": `[]`,
		"/api/v1/quiz/notebook":  `[]`,
	} {
		r := st.call("GET", path, nil)
		wantStatus(t, r, 200)
		if w := fmt.Sprintf(want, qe.staffU[0].ID); string(r.body) != w && !(want == "[]" && string(r.body) == "[]") {
			t.Errorf("%s = %s, want %s", path, r.body, w)
		}
	}
	// every GET route without parameters, as an admin on an empty platform
	admin := qe.admin()
	checked := 0
	for _, rt := range qe.app.GetRoutes(true) {
		if rt.Method != "GET" || !strings.HasPrefix(rt.Path, "/api/v1/") || strings.Contains(rt.Path, ":") || strings.HasSuffix(rt.Path, ".xlsx") || strings.HasSuffix(rt.Path, "/export") || strings.HasSuffix(rt.Path, "/template") {
			continue
		}
		r := admin.call("GET", rt.Path, nil)
		if r.status == 200 {
			checked++
			if bytes.Contains(r.body, []byte(`null`)) && (string(r.body) == "null" || bytes.Contains(r.body, []byte(`":null`)) && isListField(r.body)) {
				t.Errorf("%s = %s", rt.Path, r.body)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d routes checked", checked)
	}
}

// isListField reports whether a JSON object has a field that is null but
// named like a list (items, rows, byLaw…).
func isListField(body []byte) bool {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return false
	}
	for k, v := range m {
		if v == nil && (strings.HasSuffix(k, "s") || strings.HasPrefix(k, "by")) {
			return true
		}
	}
	return false
}

// TestEmptyListsWithParameters: the same for lists under an id.
func TestEmptyListsWithParameters(t *testing.T) {
	qe := newQuizEnv(t)
	paperID := qe.importAndPaperOnly(t)
	r := qe.org.call("POST", "/api/v1/courses/classes", map[string]any{"title": "培训班", "kind": "other"})
	wantStatus(t, r, 201)
	var class struct{ ID int64 }
	r.json(t, &class)
	r = qe.org.call("POST", fmt.Sprintf("/api/v1/courses/classes/%d/batches", class.ID), map[string]any{"name": "第一期", "startsOn": "2026-05-11", "endsOn": "2026-05-15", "capacity": 10})
	wantStatus(t, r, 201)
	var batch struct{ ID int64 }
	r.json(t, &batch)
	for _, path := range []string{
		fmt.Sprintf("/api/v1/quiz/papers/%d/assignments", paperID),
		fmt.Sprintf("/api/v1/quiz/papers/%d/stats", paperID),
		fmt.Sprintf("/api/v1/courses/classes/%d/sessions", class.ID),
		fmt.Sprintf("/api/v1/courses/classes/%d", class.ID),
		fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batch.ID),
		fmt.Sprintf("/api/v1/quiz/people/%d/stats", qe.staffU[0].ID),
	} {
		r := qe.org.call("GET", path, nil)
		wantStatus(t, r, 200)
		if string(r.body) == "null" || isListField(r.body) {
			t.Errorf("%s = %s", path, r.body)
		}
	}
}
