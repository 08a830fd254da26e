package seed_test

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/seed"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// TestDemoAppraisal: the seed makes the appraisal once (idempotent), with
// five judges, twenty sniffable PDFs, two judges a document and half of
// the sheets submitted, one of them with a veto.
func TestDemoAppraisal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := accounts.Bootstrap(ctx, seed.CityBureau, "Admin12345"); err != nil {
			t.Fatal(err)
		}
		svc := judging.NewService(db.Judging(), time.Now, nil)
		blobs, err := docfile.Open(filepath.Join(t.TempDir(), "documents"))
		if err != nil {
			t.Fatal(err)
		}
		ap := appraisal.NewService(svc, db.Appraisal(), blobs, time.Now)
		svc.SetGate(ap)
		for i := 0; i < 2; i++ {
			if _, err := seed.Load(ctx, seed.Deps{Accounts: accounts, Judging: svc, Appraisal: ap}); err != nil {
				t.Fatal(err)
			}
		}
		list, err := svc.List(ctx, judging.Filter{Kind: judging.KindDocument})
		if err != nil || len(list) != 1 {
			t.Fatalf("appraisals %d %v", len(list), err)
		}
		c := list[0]
		if c.Status != judging.StatusOpen || len(c.Config.Panel) != 5 || len(c.Config.Rubric.Vetoes) != 3 {
			t.Fatalf("appraisal %+v", c)
		}
		_, entries, sheets, err := svc.Snapshot(ctx, c.ID)
		if err != nil || len(entries) != 20 {
			t.Fatalf("entries %d %v", len(entries), err)
		}
		vetoes := 0
		for _, s := range sheets {
			if s.Status == judging.SheetSubmitted {
				vetoes += len(s.Vetoes)
			}
		}
		if len(sheets) != 20 || vetoes != 1 {
			t.Fatalf("%d sheets (want 20 of 40), %d vetoes", len(sheets), vetoes)
		}
		org, _, _, err := accounts.Login(ctx, "organizer", seed.DemoPassword)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := ap.Documents(ctx, judging.Actor{UserID: org.ID, Organizer: true}, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if len(d.Files) != 1 {
				t.Fatalf("document %+v", d)
			}
			_, _, content, err := ap.Open(ctx, judging.Actor{UserID: org.ID, Organizer: true}, d.Files[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(content)
			content.Close()
			if err != nil {
				t.Fatal(err)
			}
			if k, err := docfile.Sniff("x.pdf", data); err != nil || k != docfile.PDF || !bytes.Contains(data, []byte("/UniGB-UCS2-H")) {
				t.Fatalf("file %s: %v", d.Files[0].Name, err)
			}
		}
	})
}
