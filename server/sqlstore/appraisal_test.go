package sqlstore_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

func TestAppraisalStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		unit := mustUnit(t, accounts, "一大队", nil)
		orgUser := mustUser(t, accounts, "org", unit.ID, account.RoleOrganizer)
		org := judging.Actor{UserID: orgUser.ID, Organizer: true}
		svc := judging.NewService(db.Judging(), clk.now, func() uint64 { return 1 })
		c, err := svc.Create(ctx, org, judging.NewContest{Kind: judging.KindDocument, Title: "优秀执法文书评选", Config: judging.Config{Rubric: appraisal.Template().Rubric}})
		if err != nil {
			t.Fatal(err)
		}
		other, err := svc.Create(ctx, org, judging.NewContest{Kind: judging.KindDocument, Title: "另一场"})
		if err != nil {
			t.Fatal(err)
		}
		entries, err := svc.SetEntries(ctx, org, c.ID, []judging.Entry{{Name: "文书A", UnitID: unit.ID}, {Name: "文书B", UnitID: unit.ID}})
		if err != nil {
			t.Fatal(err)
		}
		st := db.Appraisal()
		at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		data := []byte("%PDF-1.7 决定书")
		f := appraisal.StoredFile{File: appraisal.File{ID: "aa000000000000000000000000000001", Name: "决定书.pdf", Kind: docfile.PDF, Size: int64(len(data)), SHA256: docfile.Hash(data)},
			ContestID: c.ID, EntryID: entries[0].ID, UploadedBy: orgUser.ID, At: at}
		got, created, err := st.AddFile(ctx, f)
		if err != nil || !created || !reflect.DeepEqual(got, f) {
			t.Fatalf("add %+v %v %v", got, created, err)
		}
		// A retry of the same content under a new random id is the same file.
		retry := f
		retry.ID = "aa000000000000000000000000000002"
		got, created, err = st.AddFile(ctx, retry)
		if err != nil || created || got.ID != f.ID {
			t.Fatalf("retry %+v %v %v", got, created, err)
		}
		// Concurrent retries settle on one row.
		var wg sync.WaitGroup
		ids := make([]string, 6)
		for i := range ids {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				g := f
				g.ID = "bb00000000000000000000000000000" + string(rune('0'+i))
				g.SHA256 = docfile.Hash([]byte("race"))
				g.EntryID = entries[1].ID
				r, _, err := st.AddFile(ctx, g)
				if err != nil {
					t.Error(err)
				}
				ids[i] = r.ID
			}(i)
		}
		wg.Wait()
		for _, id := range ids {
			if id != ids[0] {
				t.Fatalf("racing retries stored different files: %v", ids)
			}
		}
		// The same content for another entry is another file.
		third := f
		third.ID, third.EntryID = "aa000000000000000000000000000003", entries[1].ID
		if _, created, err := st.AddFile(ctx, third); err != nil || !created {
			t.Fatalf("another entry: %v %v", created, err)
		}
		// An entry of another contest is not found, even by the same hash.
		wrong := third
		wrong.ID, wrong.ContestID = "aa000000000000000000000000000004", other.ID
		if _, _, err := st.AddFile(ctx, wrong); !hasCode(err, fault.NotFound) {
			t.Fatalf("wrong contest: %v", err)
		}
		missing := f
		missing.ID, missing.EntryID = "aa000000000000000000000000000005", 999999
		if _, _, err := st.AddFile(ctx, missing); !hasCode(err, fault.NotFound) {
			t.Fatalf("missing entry: %v", err)
		}
		if fs, err := st.Files(ctx, c.ID, entries[1].ID); err != nil || len(fs) != 2 {
			t.Fatalf("files %v %v", fs, err)
		}
		if one, err := st.File(ctx, f.ID); err != nil || one.SHA256 != f.SHA256 {
			t.Fatalf("file %v %v", one, err)
		}
		if _, err := st.File(ctx, "nope"); !hasCode(err, fault.NotFound) {
			t.Fatalf("no file: %v", err)
		}

		// assignment
		if _, err := st.Assignment(ctx, c.ID); !hasCode(err, fault.NotFound) {
			t.Fatalf("no assignment yet: %v", err)
		}
		a := appraisal.Assignment{Seed: 1<<63 + 5, K: 2, Reviews: map[int64][]int64{entries[0].ID: {3, 4}}}
		if err := st.SaveAssignment(ctx, c.ID, a); err != nil {
			t.Fatal(err)
		}
		a.Reviews[entries[1].ID] = []int64{5, 6}
		if err := st.SaveAssignment(ctx, c.ID, a); err != nil {
			t.Fatal(err)
		}
		if back, err := st.Assignment(ctx, c.ID); err != nil || !reflect.DeepEqual(back, a) {
			t.Fatalf("assignment %+v %v", back, err)
		}

		// standards: versions kept, a lost race is a conflict
		h, _ := appraisal.History(nil).Revise(appraisal.Template())
		if err := st.AddStandard(ctx, c.ID, h[0]); err != nil {
			t.Fatal(err)
		}
		next := appraisal.Template()
		next.Bands[0].Min = 95
		h2, _ := h.Revise(next)
		if err := st.AddStandard(ctx, c.ID, h2[1]); err != nil {
			t.Fatal(err)
		}
		if err := st.AddStandard(ctx, c.ID, h2[1]); !hasCode(err, fault.Conflict) {
			t.Fatalf("same version twice: %v", err)
		}
		back, err := st.Standards(ctx, c.ID)
		if err != nil || !reflect.DeepEqual(back, h2) {
			t.Fatalf("standards %+v %v", back, err)
		}

		// reveal: once
		if r, err := st.Reveal(ctx, c.ID); err != nil || r != nil {
			t.Fatalf("reveal before %v %v", r, err)
		}
		rv := appraisal.Reveal{ContestID: c.ID, ActorID: orgUser.ID, Sheets: 4, At: at}
		if err := st.RecordReveal(ctx, rv); err != nil {
			t.Fatal(err)
		}
		if err := st.RecordReveal(ctx, rv); !hasCode(err, fault.Conflict) {
			t.Fatalf("second reveal: %v", err)
		}
		if r, err := st.Reveal(ctx, c.ID); err != nil || r == nil || *r != rv {
			t.Fatalf("reveal %+v %v", r, err)
		}
	})
}

func hasCode(err error, code string) bool {
	var fe *fault.Error
	return errors.As(err, &fe) && fe.Code == code
}
