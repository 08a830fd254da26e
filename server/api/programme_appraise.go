package api

import (
	"context"
	"fmt"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/fault"
)

// appraiseBody names the document appraisal a report goes to.
type appraiseBody struct {
	ContestID int64 `json:"contestId"`
}

// appraiseReport sends a research report into a document appraisal: a thin
// caller of the appraisal's own services. The report is claimed first (so
// it goes once), becomes a new entry of the draft appraisal (its authors
// and unit, its title) and its file is uploaded to that entry through
// appraisal.Upload; a step that fails undoes the ones before it. Who may:
// organizers who own the appraisal (judging.Owns), as for any entry.
func (s *server) appraiseReport(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	if err := s.needAppraisal(); err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in appraiseBody) (programme.Report, error) {
		rep, err := s.Programme.Report(ctx, u, id)
		if err != nil {
			return rep, err
		}
		if in.ContestID <= 0 {
			return rep, fault.InvalidField("contestId", "choose a document appraisal")
		}
		ct, err := s.Judging.Get(ctx, in.ContestID)
		if fault.Is(err, fault.NotFound) {
			return rep, fault.InvalidField("contestId", "no such document appraisal")
		}
		if err != nil {
			return rep, err
		}
		actor := judgeActor(u)
		switch {
		case ct.Kind != judging.KindDocument:
			return rep, fault.InvalidField("contestId", "not a document appraisal")
		case !judging.Owns(ct, actor):
			return rep, fault.Errorf(fault.Forbidden, "only the appraisal's organizer may add entries to it")
		case ct.Status != judging.StatusDraft:
			return rep, fault.Conflictf("entries are added only while the appraisal is a draft (now %s)", ct.Status)
		}
		_, content, err := s.Programme.OpenFile(ctx, u, rep.FileID)
		if err != nil {
			return rep, err
		}
		// the report was bounded when it was uploaded; read no more than an
		// appraisal document may hold (checkDocument refuses a larger one)
		data, err := io.ReadAll(io.LimitReader(content, documentUploads.maxBytes+1))
		content.Close()
		if err != nil {
			return rep, fmt.Errorf("read report: %w", err)
		}
		f, err := s.Programme.ClaimAppraisal(ctx, u, rep.ID, ct.ID)
		if err != nil {
			return f, err
		}
		release := func(cause error) (programme.Report, error) {
			if _, err := s.Programme.SentForAppraisal(ctx, u, rep.ID, ct.ID, 0); err != nil {
				return rep, fmt.Errorf("%w (and the claim stays: %v)", cause, err)
			}
			return rep, cause
		}
		before, err := s.Judging.Entries(ctx, ct.ID)
		if err != nil {
			return release(err)
		}
		had := map[int64]bool{}
		for _, e := range before {
			had[e.ID] = true
		}
		authors := []rune(rep.Authors)
		if len(authors) > 60 {
			authors = authors[:60]
		}
		after, err := s.Judging.SetEntries(ctx, actor, ct.ID, append(append([]judging.Entry(nil), before...),
			judging.Entry{Name: string(authors), Title: rep.Title, UnitID: rep.UnitID, Unit: rep.UnitName}))
		if err != nil {
			return release(err)
		}
		var entry judging.Entry
		for _, e := range after {
			if !had[e.ID] {
				entry = e
			}
		}
		kind, err := checkDocument(rep.FileName, data, documentUploads)
		if err == nil {
			_, _, err = s.Appraisal.Upload(ctx, uploader(u), ct.ID, entry.ID, rep.FileName, kind, data, docfile.Hash(data), documentUploads.maxFiles)
		}
		if err != nil {
			if _, undo := s.Judging.SetEntries(ctx, actor, ct.ID, before); undo != nil {
				return rep, fmt.Errorf("%w (and the new entry %d stays: %v)", err, entry.ID, undo)
			}
			return release(err)
		}
		return s.Programme.SentForAppraisal(ctx, u, rep.ID, ct.ID, entry.ID)
	})
}
