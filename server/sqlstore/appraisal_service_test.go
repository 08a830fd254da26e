package sqlstore_test

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// TestAppraisalBlindFlow runs an appraisal on the real store: uploads
// (idempotent), the assignment, the judges' blind views and files, and
// the reveal only once every assigned sheet is locked.
func TestAppraisalBlindFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		units := []account.Unit{mustUnit(t, accounts, "东城大队", nil), mustUnit(t, accounts, "西城大队", nil), mustUnit(t, accounts, "南城大队", nil)}
		orgUser := mustUser(t, accounts, "org", units[0].ID, account.RoleOrganizer)
		org := judging.Actor{UserID: orgUser.ID, Organizer: true}
		var panel []judging.Judge
		var judges []judging.Actor
		for i := 0; i < 3; i++ {
			u := mustUser(t, accounts, "judge"+string(rune('a'+i)), units[i].ID, account.RoleJudge)
			panel = append(panel, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: units[i].ID})
			judges = append(judges, judging.Actor{UserID: u.ID})
		}
		outsider := judging.Actor{UserID: mustUser(t, accounts, "nobody", units[0].ID, account.RoleJudge).ID}
		js := judging.NewService(db.Judging(), clk.now, nil)
		blobs, err := docfile.Open(filepath.Join(t.TempDir(), "documents"))
		if err != nil {
			t.Fatal(err)
		}
		svc := appraisal.NewService(js, db.Appraisal(), blobs, clk.now)
		c, err := js.Create(ctx, org, judging.NewContest{Kind: judging.KindDocument, Title: "优秀执法文书评选", Config: judging.Config{Rubric: appraisal.Template().Rubric, Panel: panel}})
		if err != nil {
			t.Fatal(err)
		}
		var in []judging.Entry
		secrets := []string{}
		for i := 0; i < 6; i++ {
			u := units[i%3]
			caseNo := "京文执罚〔2026〕" + string(rune('1'+i)) + "号"
			in = append(in, judging.Entry{Name: "行政处罚决定书", Title: caseNo, UnitID: u.ID, Unit: u.Name})
			secrets = append(secrets, caseNo, u.Name)
		}
		entries, err := js.SetEntries(ctx, org, c.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		fileOf := map[int64]string{}
		for i, e := range entries {
			data := []byte("%PDF-1.7 " + e.Title)
			name := e.Unit + "-" + e.Title + ".pdf"
			secrets = append(secrets, name)
			f, created, err := svc.Upload(ctx, appraisal.Uploader{Actor: org}, c.ID, e.ID, name, docfile.PDF, data, docfile.Hash(data), 2)
			if err != nil || !created {
				t.Fatalf("upload %d: %v %v", i, created, err)
			}
			again, created, err := svc.Upload(ctx, appraisal.Uploader{Actor: org}, c.ID, e.ID, name, docfile.PDF, data, docfile.Hash(data), 2)
			if err != nil || created || again.ID != f.ID {
				t.Fatalf("retry %d: %v %v", i, created, err)
			}
			fileOf[e.ID] = f.ID
		}
		if _, _, err := svc.Upload(ctx, appraisal.Uploader{Actor: judges[0]}, c.ID, entries[0].ID, "x.pdf", docfile.PDF, []byte("%PDF-"), "h", 2); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("a judge uploaded: %v", err)
		}
		more := []byte("%PDF-1.7 second")
		if _, _, err := svc.Upload(ctx, appraisal.Uploader{Actor: org}, c.ID, entries[0].ID, "b.pdf", docfile.PDF, more, docfile.Hash(more), 1); !fault.Is(err, fault.Invalid) {
			t.Fatalf("over the file count: %v", err)
		}

		if _, err := svc.Assign(ctx, judges[0], c.ID, 2, 7); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("a judge assigned: %v", err)
		}
		as, err := svc.Assign(ctx, org, c.ID, 2, 7)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ForJudge(ctx, judges[0], c.ID); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("a judge saw a draft: %v", err)
		}
		if _, err := js.SetStatus(ctx, org, c.ID, judging.StatusOpen); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ForJudge(ctx, outsider, c.ID); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("an outsider saw the documents: %v", err)
		}

		// Every answer a judge reaches before the reveal is blind.
		for _, j := range judges {
			v, err := svc.ForJudge(ctx, j, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(v)
			for _, s := range secrets {
				if strings.Contains(string(b), s) {
					t.Fatalf("judge %d's view carries %q: %s", j.UserID, s, b)
				}
			}
			if len(v.Documents) != 4 { // 6 documents × 2 judges / 3 judges
				t.Fatalf("judge %d sees %d documents", j.UserID, len(v.Documents))
			}
			for _, d := range v.Documents {
				if !as.Assigned(j.UserID, d.EntryID) || !strings.HasPrefix(d.Code, "文书-0") {
					t.Fatalf("judge %d sees %+v", j.UserID, d)
				}
			}
			if _, err := svc.Documents(ctx, j, c.ID); !fault.Is(err, fault.Forbidden) {
				t.Fatalf("identities before the reveal: %v", err)
			}
			for _, e := range entries {
				f, name, content, err := svc.Open(ctx, j, fileOf[e.ID])
				if !as.Assigned(j.UserID, e.ID) {
					if !fault.Is(err, fault.Forbidden) {
						t.Fatalf("judge %d opened an unassigned document: %v", j.UserID, err)
					}
					continue
				}
				var data []byte
				if err == nil {
					data, err = io.ReadAll(content)
					content.Close()
				}
				if err != nil || !strings.HasPrefix(name, "文书-") || f.Name != name || !strings.HasPrefix(string(data), "%PDF-") {
					t.Fatalf("open: %q %q %v", name, f.Name, err)
				}
			}
		}
		if _, _, _, err := svc.Open(ctx, judges[0], "00000000000000000000000000000000"); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("probing a file id: %v", err)
		}
		if _, name, _, err := svc.Open(ctx, org, fileOf[entries[0].ID]); err != nil || !strings.Contains(name, "东城大队") {
			t.Fatalf("the organizer opens with the real name: %q %v", name, err)
		}

		// No reveal before the lock (a missing sheet is TestCanReveal's).
		if _, err := svc.Reveal(ctx, org, c.ID); !fault.Is(err, fault.Conflict) {
			t.Fatalf("reveal while open: %v", err)
		}
		for _, e := range entries {
			for _, jid := range as.Reviews[e.ID] {
				if _, err := js.Submit(ctx, judging.Actor{UserID: jid}, c.ID, e.ID, judging.Sheet{}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := svc.Reveal(ctx, org, c.ID); !fault.Is(err, fault.Conflict) {
			t.Fatalf("reveal with every sheet in but the contest open: %v", err)
		}
		if _, err := js.SetStatus(ctx, org, c.ID, judging.StatusLocked); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Reveal(ctx, judges[0], c.ID); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("a judge revealed: %v", err)
		}
		rv, err := svc.Reveal(ctx, org, c.ID)
		if err != nil || rv.Sheets != 12 || rv.ActorID != orgUser.ID {
			t.Fatalf("reveal %+v %v", rv, err)
		}
		if _, err := svc.Reveal(ctx, org, c.ID); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second reveal: %v", err)
		}
		docs, err := svc.Documents(ctx, judges[0], c.ID)
		if err != nil || len(docs) != 6 || docs[0].Unit == "" || docs[0].CaseNo == "" {
			t.Fatalf("identities after the reveal: %+v %v", docs, err)
		}
		if _, err := svc.Documents(ctx, outsider, c.ID); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("an outsider saw identities before publication: %v", err)
		}
		if _, name, _, err := svc.Open(ctx, judges[0], fileOf[entries[1].ID]); err != nil || !strings.Contains(name, "西城大队") {
			t.Fatalf("after the reveal the real name: %q %v", name, err)
		}
	})
}
