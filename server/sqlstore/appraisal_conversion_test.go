package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// TestAppraisalConversionStore: a DOCX's conversion state and PDF are
// kept; the pending and unavailable ones are listed for a restart; an
// entry's case type (category) is kept with it.
func TestAppraisalConversionStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		unit := mustUnit(t, accounts, "一大队", nil)
		orgUser := mustUser(t, accounts, "org", unit.ID, account.RoleOrganizer)
		org := judging.Actor{UserID: orgUser.ID, Organizer: true}
		svc := judging.NewService(db.Judging(), clk.now, func() uint64 { return 1 })
		c, err := svc.Create(ctx, org, judging.NewContest{Kind: judging.KindDocument, Title: "文书评选"})
		if err != nil {
			t.Fatal(err)
		}
		entries, err := svc.SetEntries(ctx, org, c.ID, []judging.Entry{{Name: "甲", UnitID: unit.ID, Category: " 网吧 "}, {Name: "乙", UnitID: unit.ID}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := svc.Entries(ctx, c.ID)
		if err != nil || got[0].Category != "网吧" || got[1].Category != "" {
			t.Fatalf("entries %+v %v", got, err)
		}
		st := db.Appraisal()
		at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		add := func(id, kind, conv string, entry int64) {
			t.Helper()
			f := appraisal.StoredFile{File: appraisal.File{ID: id, Name: "x." + kind, Kind: kind, Size: 3, SHA256: id, Conversion: conv}, ContestID: c.ID, EntryID: entry, UploadedBy: orgUser.ID, At: at}
			if _, _, err := st.AddFile(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		add("cc000000000000000000000000000001", "docx", appraisal.ConvPending, entries[0].ID)
		add("cc000000000000000000000000000002", "docx", appraisal.ConvUnavailable, entries[1].ID)
		add("cc000000000000000000000000000003", "pdf", "", entries[1].ID)
		list, err := st.Unconverted(ctx)
		if err != nil || len(list) != 2 {
			t.Fatalf("unconverted %+v %v", list, err)
		}
		if err := st.SetConversion(ctx, "cc000000000000000000000000000001", appraisal.ConvDone, "dd000000000000000000000000000001"); err != nil {
			t.Fatal(err)
		}
		f, err := st.File(ctx, "cc000000000000000000000000000001")
		if err != nil || f.Conversion != appraisal.ConvDone || f.PDF != "dd000000000000000000000000000001" {
			t.Fatalf("after the conversion %+v %v", f, err)
		}
		if list, _ := st.Unconverted(ctx); len(list) != 1 {
			t.Fatalf("unconverted after one is done: %+v", list)
		}
		if err := st.SetConversion(ctx, "nosuch", appraisal.ConvDone, ""); !fault.Is(err, fault.NotFound) {
			t.Fatalf("unknown file: %v", err)
		}
	})
}
