package sqlstore_test

import (
	"errors"
	"testing"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// A paper is editable until someone starts it; copy and archive work at
// any time; an archived paper takes no assignment and no new attempt.
func TestQuizPaperEditCopyArchive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newQuizFixture(t, db)
		ctx := f.ctx
		ids := f.importText(t, quizBank)
		owner := mustUser(t, f.accounts, "org1", f.unit.ID, account.RoleOrganizer)
		other := mustUser(t, f.accounts, "org2", f.unit.ID, account.RoleOrganizer)
		p, err := f.svc.CreatePaper(ctx, quiz.Paper{Title: "原卷", PassMark: 2, Items: []quiz.PaperItem{{QuestionID: ids[0], Points: 2}},
			Rules: []quiz.DrawRule{{Count: 1, Type: quiz.TypeTrueFalse, Points: 2}}}, owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		// another organizer may not edit it
		edit := p
		edit.Title, edit.PassMark = "改过的卷", 3
		edit.Items = []quiz.PaperItem{{QuestionID: ids[0], Points: 3}, {QuestionID: ids[1], Points: 1}}
		_, err = f.svc.UpdatePaper(ctx, other, p.ID, edit)
		wantCode(t, err, fault.Forbidden)
		// a bad edit is refused field by field and changes nothing
		bad := edit
		bad.Items = []quiz.PaperItem{{QuestionID: 999999, Points: 1}}
		_, err = f.svc.UpdatePaper(ctx, owner, p.ID, bad)
		wantCode(t, err, fault.Invalid)
		if again, _ := f.svc.Paper(ctx, p.ID); again.Title != "原卷" {
			t.Fatalf("a refused edit wrote: %q", again.Title)
		}
		got, err := f.svc.UpdatePaper(ctx, owner, p.ID, edit)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "改过的卷" || got.TotalPoints != 6 || got.PassMark != 3 || got.CreatedBy != owner.ID || len(got.Items) != 2 {
			t.Fatalf("edited: %+v", got)
		}
		_, err = f.svc.UpdatePaper(ctx, owner, 424242, edit)
		wantCode(t, err, fault.NotFound)

		// once someone starts it, the edit is a conflict that says why
		me := f.staff[0]
		if _, err := f.svc.Assign(ctx, f.accounts, p.ID, []int64{me.ID}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Start(ctx, me.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		if started, _ := f.svc.Paper(ctx, p.ID); started.Started != 1 {
			t.Fatalf("started = %d", started.Started)
		}
		edit.Title = "太晚了"
		_, err = f.svc.UpdatePaper(ctx, owner, p.ID, edit)
		if !errors.Is(err, quiz.ErrPaperStarted) || fault.Code(err) != fault.Conflict {
			t.Fatalf("edit after start: %v", err)
		}
		// the store refuses it too, whatever the caller read before
		_, err = db.Quiz().UpdatePaper(ctx, edit)
		wantCode(t, err, fault.Conflict)

		// any organizer may copy it; the copy is theirs, unassigned and editable
		cp, err := f.svc.CopyPaper(ctx, other, p.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if cp.ID == p.ID || cp.Title != "改过的卷（副本）" || cp.CreatedBy != other.ID || cp.Assigned != 0 || cp.Started != 0 || cp.TotalPoints != 6 {
			t.Fatalf("copy: %+v", cp)
		}
		named, err := f.svc.CopyPaper(ctx, owner, p.ID, "  第二期  ")
		if err != nil || named.Title != "第二期" {
			t.Fatalf("named copy: %+v %v", named, err)
		}
		cp.Title = "副本改名"
		if _, err := f.svc.UpdatePaper(ctx, other, cp.ID, cp); err != nil {
			t.Fatal(err)
		}

		// archive: owner only, keeps the first time, refuses assignment and new attempts
		_, err = f.svc.ArchivePaper(ctx, other, p.ID, true)
		wantCode(t, err, fault.Forbidden)
		ar, err := f.svc.ArchivePaper(ctx, owner, p.ID, true)
		if err != nil || ar.ArchivedAt == nil {
			t.Fatalf("archive: %+v %v", ar, err)
		}
		f.clock.t = f.clock.t.Add(1e9)
		if again, _ := f.svc.ArchivePaper(ctx, owner, p.ID, true); again.ArchivedAt == nil || !again.ArchivedAt.Equal(*ar.ArchivedAt) {
			t.Fatalf("archived again: %+v", again.ArchivedAt)
		}
		_, err = f.svc.Assign(ctx, f.accounts, p.ID, []int64{f.staff[1].ID}, nil)
		if !errors.Is(err, quiz.ErrPaperArchived) {
			t.Fatalf("assign archived: %v", err)
		}
		if _, err := f.svc.Submit(ctx, me.ID, mustOpenAttempt(t, f, me.ID, p.ID), nil); err != nil {
			t.Fatal(err) // an open attempt may still be finished
		}
		_, err = f.svc.Start(ctx, me.ID, p.ID)
		if !errors.Is(err, quiz.ErrPaperArchived) {
			t.Fatalf("start archived: %v", err)
		}
		// a copy of an archived paper is not archived
		if c2, err := f.svc.CopyPaper(ctx, owner, p.ID, ""); err != nil || c2.ArchivedAt != nil {
			t.Fatalf("copy of archived: %+v %v", c2, err)
		}
		back, err := f.svc.ArchivePaper(ctx, owner, p.ID, false)
		if err != nil || back.ArchivedAt != nil {
			t.Fatalf("restore: %+v %v", back, err)
		}
		_, err = f.svc.ArchivePaper(ctx, owner, 424242, true)
		wantCode(t, err, fault.NotFound)
	})
}

func mustOpenAttempt(t *testing.T, f *quizFixture, userID, paperID int64) int64 {
	t.Helper()
	as, err := f.db.Quiz().Attempts(f.ctx, paperID, userID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Status == quiz.AttemptOpen {
			return a.ID
		}
	}
	t.Fatal("no open attempt")
	return 0
}
