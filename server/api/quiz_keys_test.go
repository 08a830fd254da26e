package api_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/quiz/contest"
)

// keyLeaks are byte strings that would show a key of the messy bank:
// the JSON keys of answers, explanations and citations, and the texts.
var keyLeaks = append(append([]string(nil), answerKeyFields...), `见第十条`, `"lawName":"著作权法"`, `"label":"著作权法"`)

func checkNoKey(t *testing.T, what string, body []byte) {
	t.Helper()
	for _, k := range keyLeaks {
		if bytes.Contains(body, []byte(k)) {
			t.Errorf("%s leaks %s: %s", what, k, body)
		}
	}
}

// TestQuizAPIKeyVisibilityEveryReadPath walks every path a candidate can
// read a question by — attempt, result, practice, notebook, statistics,
// a live contest's draw — for a paper that never shows its key and for an
// after_close paper that is still open, and checks the bytes carry no key
// until the rule allows it (issue 8).
func TestQuizAPIKeyVisibilityEveryReadPath(t *testing.T) {
	for _, review := range []string{"never", "after_close"} {
		t.Run(review, func(t *testing.T) {
			qe := newQuizEnv(t)
			body, ct := uploadFile(t, "题库.txt", []byte(messyBank), nil)
			wantStatus(t, qe.org.do("POST", "/api/v1/quiz/import", body, ct), 200)
			var list struct{ Items []quiz.Question }
			qe.org.call("GET", "/api/v1/quiz/questions", nil).json(t, &list)
			// a question in no paper stays free to practise
			free := qe.org.call("POST", "/api/v1/quiz/questions", map[string]any{"type": "truefalse", "stem": "网吧不得接纳未成年人。", "answer": map[string]any{"true": true}, "domains": []string{"internet"}})
			wantStatus(t, free, 201)
			var freeQ quiz.Question
			free.json(t, &freeQ)

			closes := qe.clock.t.Add(2 * time.Hour)
			var items []map[string]any
			for _, q := range list.Items {
				items = append(items, map[string]any{"questionId": q.ID, "points": 1})
			}
			paper := map[string]any{"title": "保密测验", "review": review, "passMark": 1, "items": items}
			if review == "after_close" {
				paper["closesAt"] = closes
			}
			r := qe.org.call("POST", "/api/v1/quiz/papers", paper)
			wantStatus(t, r, 201)
			var p quiz.Paper
			r.json(t, &p)
			wantStatus(t, qe.org.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/assign", p.ID), map[string]any{"userIds": []int64{qe.staffU[0].ID}}), 200)
			st := qe.staff[0]
			practise := func(id int64) response {
				return st.call("POST", fmt.Sprintf("/api/v1/quiz/practice/%d/answer", id), map[string]any{"response": map[string]any{"choices": []string{"A"}}})
			}
			// assigned but not started: its questions are already held
			r = practise(list.Items[0].ID)
			wantStatus(t, r, 409)
			checkNoKey(t, "practice before starting", r.body)

			r = st.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/start", p.ID), nil)
			wantStatus(t, r, 200)
			checkNoKey(t, "start", r.body)
			var sh quiz.Sheet
			r.json(t, &sh)

			// practice during the attempt: 409 with the reason, in both languages
			for _, q := range list.Items {
				r = practise(q.ID)
				wantStatus(t, r, 409)
				checkNoKey(t, "practice during the attempt", r.body)
				var e struct {
					Error struct {
						Code, Message string
						Fields        map[string]string
					}
					Report quiz.KeyHold
				}
				r.json(t, &e)
				if e.Report.Reason != quiz.HeldOpenAttempt || e.Report.PaperID != p.ID || e.Error.Fields["questionId"] == "" || !strings.Contains(e.Error.Message, "submit") {
					t.Fatalf("practice during the attempt: %s", r.body)
				}
			}
			st.lang = "zh-CN"
			if r = practise(list.Items[0].ID); !strings.Contains(string(r.body), "交卷后才能练习") {
				t.Fatalf("zh: %s", r.body)
			}
			st.lang = "en"
			// next-question practice never offers a held question
			for i := 0; i < 5; i++ {
				r = st.call("GET", "/api/v1/quiz/practice/next?random=true", nil)
				wantStatus(t, r, 200)
				var pq quiz.PracticeQuestion
				r.json(t, &pq)
				if pq.Question.ID != freeQ.ID || pq.Count != 1 {
					t.Fatalf("practice offered %s", r.body)
				}
			}
			// (answered right, so it stays out of the notebook)
			wantStatus(t, st.call("POST", fmt.Sprintf("/api/v1/quiz/practice/%d/answer", freeQ.ID), map[string]any{"response": map[string]any{"true": true}}), 200)

			// submit everything wrong
			var saves []map[string]any
			for _, it := range sh.Items {
				resp := map[string]any{"choices": []string{"B"}}
				if it.Question.Type == quiz.TypeTrueFalse {
					resp = map[string]any{"true": false}
				}
				saves = append(saves, map[string]any{"seq": it.Seq, "response": resp})
			}
			r = st.call("POST", fmt.Sprintf("/api/v1/quiz/attempts/%d/submit", sh.ID), map[string]any{"answers": saves})
			wantStatus(t, r, 200)
			checkNoKey(t, "result", r.body)
			reads := map[string]string{
				"attempt":      fmt.Sprintf("/api/v1/quiz/attempts/%d", sh.ID),
				"notebook":     "/api/v1/quiz/notebook?all=true",
				"my stats":     "/api/v1/quiz/my/stats",
				"my papers":    "/api/v1/quiz/my/papers",
				"practice":     "/api/v1/quiz/practice/next",
				"submit again": fmt.Sprintf("/api/v1/quiz/attempts/%d/submit", sh.ID),
			}
			for what, path := range reads {
				method := "GET"
				if strings.HasSuffix(path, "/submit") {
					method = "POST"
				}
				r = st.call(method, path, nil)
				wantStatus(t, r, 200)
				if what != "practice" { // the free question is asked, and has no key either
					checkNoKey(t, what, r.body)
				}
			}
			for _, q := range list.Items {
				r = practise(q.ID)
				wantStatus(t, r, 409)
				checkNoKey(t, "practice after submitting", r.body)
			}
			// the notebook keeps the wrong items and says when their keys come
			var nb []struct {
				Question struct{ ID int64 }
				Hold     *quiz.KeyHold
			}
			st.call("GET", "/api/v1/quiz/notebook?all=true", nil).json(t, &nb)
			held := 0
			for _, e := range nb {
				if e.Question.ID == freeQ.ID {
					continue
				}
				held++
				want := quiz.HeldNever
				if review == "after_close" {
					want = quiz.HeldAfterClose
				}
				if e.Hold == nil || e.Hold.Reason != want || (review == "after_close" && (e.Hold.Until == nil || !e.Hold.Until.Equal(closes))) {
					t.Fatalf("notebook hold %+v", e.Hold)
				}
			}
			if held != len(list.Items) {
				t.Fatalf("%d held notebook entries, want %d", held, len(list.Items))
			}
			var ps quiz.PersonStats
			st.call("GET", "/api/v1/quiz/my/stats", nil).json(t, &ps)
			if ps.Attempts != 1 || ps.ByLaw == nil || len(ps.ByLaw) != 0 {
				t.Fatalf("my stats %+v", ps)
			}

			// a live contest shows keys to the room: held questions are not drawn
			bank := contest.Bank{Quiz: qe.svc}
			if _, err := bank.Draw(context.Background(), contest.Draw{IDs: []int64{list.Items[0].ID}}); err == nil || !strings.Contains(err.Error(), "not shown yet") {
				t.Fatalf("contest drew a held question: %v", err)
			}
			if drawn, err := bank.Draw(context.Background(), contest.Draw{Count: 1}); err != nil || len(drawn) != 1 || drawn[0].SourceID != freeQ.ID {
				t.Fatalf("contest draw %+v %v", drawn, err)
			}
			if _, err := bank.Draw(context.Background(), contest.Draw{Count: 2}); err == nil {
				t.Fatal("contest drew two questions where only one is free")
			}
			// another person, not assigned, practises freely
			wantStatus(t, qe.staff[1].call("POST", fmt.Sprintf("/api/v1/quiz/practice/%d/answer", list.Items[0].ID), map[string]any{"response": map[string]any{"choices": []string{"A"}}}), 200)

			if review == "never" {
				return
			}
			// after closing, every path shows the key
			qe.clock.t = closes
			r = st.call("GET", fmt.Sprintf("/api/v1/quiz/attempts/%d", sh.ID), nil)
			var after quiz.Sheet
			r.json(t, &after)
			if after.Result == nil || !after.Result.Review || after.Items[0].Review == nil {
				t.Fatalf("after closing: %s", r.body)
			}
			r = st.call("GET", "/api/v1/quiz/notebook?all=true", nil)
			if bytes.Contains(r.body, []byte(`"hold"`)) || !bytes.Contains(r.body, []byte(`见第十条`)) {
				t.Fatalf("notebook after closing: %s", r.body)
			}
			wantStatus(t, practise(list.Items[0].ID), 200)
			if _, err := bank.Draw(context.Background(), contest.Draw{IDs: []int64{list.Items[0].ID}}); err != nil {
				t.Fatalf("contest after closing: %v", err)
			}
		})
	}
}
