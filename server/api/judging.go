package api

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

var judgingOrganizers = []account.Role{account.RoleAdmin, account.RoleOrganizer}

func judgeActor(u account.User) judging.Actor {
	return judging.Actor{UserID: u.ID, Name: u.Name, Admin: u.Has(account.RoleAdmin), Organizer: u.Has(account.RoleOrganizer)}
}

// judgingSummary is a judged contest in a list.
type judgingSummary struct {
	ID      int64          `json:"id"`
	Kind    judging.Kind   `json:"kind"`
	Title   string         `json:"title"`
	Status  judging.Status `json:"status"`
	Panel   int            `json:"panel"`
	Owns    bool           `json:"owns"`
	IsJudge bool           `json:"isJudge"`
}

type judgingList struct {
	Items []judgingSummary `json:"items"`
}

// listJudging lists what the caller may see: the contests they organize
// (admins: all), the ones they judge once opened, and published ones.
func (s *server) listJudging(c *fiber.Ctx) error {
	a := judgeActor(currentUser(c))
	all, err := s.Judging.List(c.UserContext(), judging.Filter{})
	if err != nil {
		return err
	}
	out := judgingList{Items: []judgingSummary{}}
	for _, x := range all {
		_, judge := x.Config.JudgeOf(a.UserID)
		owns := judging.Owns(x, a)
		if !owns && !(judge && x.Status != judging.StatusDraft) && x.Status != judging.StatusPublished {
			continue
		}
		out.Items = append(out.Items, judgingSummary{ID: x.ID, Kind: x.Kind, Title: x.Title, Status: x.Status, Panel: len(x.Config.Panel), Owns: owns, IsJudge: judge})
	}
	return c.JSON(out)
}

func (s *server) createJudging(c *fiber.Ctx) error {
	return withActorBody(c, fiber.StatusCreated, func(ctx context.Context, u account.User, n judging.NewContest) (judging.Contest, error) {
		return s.Judging.Create(ctx, judgeActor(u), n)
	})
}

// visibleContest loads a contest for a caller: its organizer gets all of
// it; a judge of the panel (once open) and anyone after publication get it
// without the declared conflicts and decisions; others get 403.
func (s *server) visibleContest(ctx context.Context, u account.User, id int64) (judging.Contest, error) {
	x, err := s.Judging.Get(ctx, id)
	if err != nil {
		return judging.Contest{}, err
	}
	a := judgeActor(u)
	if judging.Owns(x, a) {
		return x, nil
	}
	_, judge := x.Config.JudgeOf(u.ID)
	if !(judge && x.Status != judging.StatusDraft) && x.Status != judging.StatusPublished {
		return judging.Contest{}, fault.Errorf(fault.Forbidden, "only the contest's organizer and judges see it before publication")
	}
	x.Config.Conflicts, x.Config.Decisions = nil, nil
	return x, nil
}

func (s *server) getJudging(c *fiber.Ctx) error {
	return withActorID(c, s.visibleContest)
}

// judgingEdit is the editor's body: the contest and the version it read.
type judgingEdit struct {
	judging.NewContest
	Version int64 `json:"version"`
}

func (s *server) updateJudging(c *fiber.Ctx) error {
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in judgingEdit) (judging.Contest, error) {
		return s.Judging.Update(ctx, judgeActor(u), id, in.NewContest, in.Version)
	})
}

type entriesBody struct {
	Entries []judging.Entry `json:"entries"`
}

func (s *server) setJudgingEntries(c *fiber.Ctx) error {
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in entriesBody) (entriesBody, error) {
		out, err := s.Judging.SetEntries(ctx, judgeActor(u), id, in.Entries)
		return entriesBody{Entries: out}, err
	})
}

func (s *server) judgingEntries(c *fiber.Ctx) error {
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (entriesBody, error) {
		x, err := s.visibleContest(ctx, u, id)
		if err != nil {
			return entriesBody{}, err
		}
		out, err := s.Judging.Entries(ctx, id)
		v := judging.Viewer{UserID: u.ID, Organizer: judging.Owns(x, judgeActor(u))}
		for i := range out {
			out[i] = judging.ShowEntry(x, v, out[i])
		}
		return entriesBody{Entries: out}, err
	})
}

type drawBody struct {
	Seed string `json:"seed,omitempty"` // decimal; empty: a fresh seed
}

func (s *server) drawJudging(c *fiber.Ctx) error {
	return withActorIDBody(c, fiber.StatusCreated, func(ctx context.Context, u account.User, id int64, in drawBody) (judging.Draw, error) {
		var seed uint64
		if in.Seed != "" {
			v, err := strconv.ParseUint(in.Seed, 10, 64)
			if err != nil || v == 0 {
				return judging.Draw{}, fault.InvalidField("seed", "a positive whole number")
			}
			seed = v
		}
		return s.Judging.DrawOrder(ctx, judgeActor(u), id, seed)
	})
}

func (s *server) judgingDraws(c *fiber.Ctx) error {
	return withActorID(c, func(ctx context.Context, u account.User, id int64) ([]judging.Draw, error) {
		return s.Judging.Draws(ctx, judgeActor(u), id)
	})
}

type statusBody struct {
	Status judging.Status `json:"status"`
	// Reason is kept in the audit trail; reopening a locked contest
	// (locked → open) needs one.
	Reason string `json:"reason,omitempty"`
}

func (s *server) setJudgingStatus(c *fiber.Ctx) error {
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in statusBody) (judging.Contest, error) {
		return s.Judging.SetStatusWith(ctx, judgeActor(u), id, in.Status, in.Reason)
	})
}

func (s *server) judgingStage(c *fiber.Ctx) error {
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in judging.Command) (judging.Stage, error) {
		x, err := s.Judging.Command(ctx, judgeActor(u), id, in)
		return x.Stage, err
	})
}

func (s *server) judgingBoard(c *fiber.Ctx) error {
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (judging.Board, error) {
		if _, err := s.visibleContest(ctx, u, id); err != nil {
			if !u.Has(account.RoleOrganizer, account.RoleAdmin) {
				return judging.Board{}, err
			}
		}
		return s.Judging.Board(ctx, judgeActor(u), id)
	})
}

// padEntry is an entry on a judge's pad.
type padEntry struct {
	judging.Entry
	Recused string              `json:"recused,omitempty"` // the rule keeping the judge off it
	Status  judging.SheetStatus `json:"status,omitempty"`  // of my sheet ("" if none)
	Sheet   *judging.Sheet      `json:"sheet,omitempty"`   // my sheet
}

// pad is what a judge's pad shows.
type pad struct {
	Contest judging.Contest `json:"contest"`
	Seat    int             `json:"seat"`
	Entries []padEntry      `json:"entries"`
}

// judgingPad gives a judge the contest, their seat and their entries with
// their own sheets (never another judge's).
func (s *server) judgingPad(c *fiber.Ctx) error {
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (pad, error) {
		x, err := s.visibleContest(ctx, u, id)
		if err != nil {
			return pad{}, err
		}
		j, ok := x.Config.JudgeOf(u.ID)
		if !ok {
			return pad{}, fault.Errorf(fault.Forbidden, "only the contest's judges score it")
		}
		full, err := s.Judging.Get(ctx, id) // the declared conflicts decide recusals
		if err != nil {
			return pad{}, err
		}
		entries, err := s.Judging.Entries(ctx, id)
		if err != nil {
			return pad{}, err
		}
		sheets, err := s.Judging.Sheets(ctx, judgeActor(u), id)
		if err != nil {
			return pad{}, err
		}
		mine := map[int64]judging.Sheet{}
		for _, sh := range sheets {
			if sh.JudgeID == u.ID {
				mine[sh.EntryID] = sh
			}
		}
		out := pad{Contest: x, Seat: j.Seat, Entries: make([]padEntry, len(entries))}
		for i, e := range entries {
			pe := padEntry{Entry: judging.ShowEntry(x, judging.Viewer{UserID: u.ID, Organizer: judging.Owns(x, judgeActor(u))}, e), Recused: judging.Recusal(full.Config, j, e)}
			if sh, ok := mine[e.ID]; ok {
				pe.Status, pe.Sheet = sh.Status, &sh
			}
			out.Entries[i] = pe
		}
		return out, nil
	})
}

func entryParams(c *fiber.Ctx) (int64, int64, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return 0, 0, err
	}
	entry, err := idParam(c, "entry")
	return id, entry, err
}

// sheetBody is what a pad sends.
type sheetBody struct {
	Scores  map[string]float64        `json:"scores"`
	Marks   map[string]map[string]int `json:"marks,omitempty"`
	Vetoes  []judging.VetoMark        `json:"vetoes,omitempty"`
	Comment string                    `json:"comment,omitempty"`
}

func (b sheetBody) sheet() judging.Sheet {
	return judging.Sheet{Scores: b.Scores, Marks: b.Marks, Vetoes: b.Vetoes, Comment: b.Comment}
}

func (s *server) submitSheet(c *fiber.Ctx) error {
	id, entry, err := entryParams(c)
	if err != nil {
		return err
	}
	var in sheetBody
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	res, err := s.Judging.Submit(c.UserContext(), judgeActor(currentUser(c)), id, entry, in.sheet())
	if err != nil {
		return err
	}
	status := fiber.StatusCreated
	if res.Duplicate {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(res)
}

func (s *server) saveDraft(c *fiber.Ctx) error {
	id, entry, err := entryParams(c)
	if err != nil {
		return err
	}
	var in sheetBody
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.Judging.SaveDraft(c.UserContext(), judgeActor(currentUser(c)), id, entry, in.sheet()); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) getDraft(c *fiber.Ctx) error {
	id, entry, err := entryParams(c)
	if err != nil {
		return err
	}
	d, err := s.Judging.Draft(c.UserContext(), judgeActor(currentUser(c)), id, entry)
	return reply(c, fiber.StatusOK, d, err)
}

type sheetList struct {
	Items []judging.Sheet `json:"items"`
}

func (s *server) judgingSheets(c *fiber.Ctx) error {
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (sheetList, error) {
		out, err := s.Judging.Sheets(ctx, judgeActor(u), id)
		return sheetList{Items: out}, err
	})
}

func (s *server) judgingSheet(c *fiber.Ctx) error {
	id, entry, err := entryParams(c)
	if err != nil {
		return err
	}
	judge, err := idParam(c, "judge")
	if err != nil {
		return err
	}
	sh, err := s.Judging.Sheet(c.UserContext(), judgeActor(currentUser(c)), id, entry, judge)
	return reply(c, fiber.StatusOK, sh, err)
}

type reasonBody struct {
	Reason string `json:"reason"`
}

func (s *server) reopenSheet(c *fiber.Ctx) error {
	id, entry, err := entryParams(c)
	if err != nil {
		return err
	}
	judge, err := idParam(c, "judge")
	if err != nil {
		return err
	}
	var in reasonBody
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	sh, err := s.Judging.Reopen(c.UserContext(), judgeActor(currentUser(c)), id, entry, judge, in.Reason)
	return reply(c, fiber.StatusOK, sh, err)
}

func (s *server) declareConflict(c *fiber.Ctx) error {
	id, entry, err := entryParams(c)
	if err != nil {
		return err
	}
	var in reasonBody
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	_, err = s.Judging.DeclareConflict(c.UserContext(), judgeActor(currentUser(c)), id, entry, in.Reason)
	if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// recusalList is the panel screen's list of every recusal.
type recusalList struct {
	Items []judging.Recused `json:"items"`
}

func (s *server) judgingRecusals(c *fiber.Ctx) error {
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (recusalList, error) {
		x, err := s.Judging.Get(ctx, id)
		if err != nil {
			return recusalList{}, err
		}
		if !judging.Owns(x, judgeActor(u)) {
			return recusalList{}, fault.Errorf(fault.Forbidden, "only the contest's organizer may do this")
		}
		entries, err := s.Judging.Entries(ctx, id)
		if err != nil {
			return recusalList{}, err
		}
		return recusalList{Items: judging.Recusals(x.Config, entries)}, nil
	})
}

func (s *server) judgingAudit(c *fiber.Ctx) error {
	return withActorID(c, func(ctx context.Context, u account.User, id int64) ([]judging.Audit, error) {
		return s.Judging.Audits(ctx, judgeActor(u), id)
	})
}

// resultsReply is the results page: ranked results with the charts' data.
type resultsReply struct {
	Contest  judging.Contest    `json:"contest"`
	Entries  []judging.Entry    `json:"entries"`
	Results  []judging.Result   `json:"results"`
	Spreads  []judging.Spread   `json:"spreads"`
	Severity []judging.Severity `json:"severity"`
}

func (s *server) results(ctx context.Context, u account.User, id int64) (resultsReply, error) {
	a := judgeActor(u)
	x, entries, rs, err := s.Judging.Results(ctx, a, id)
	if err != nil {
		return resultsReply{}, err
	}
	sheets, err := s.Judging.Sheets(ctx, a, id)
	if err != nil {
		return resultsReply{}, err
	}
	owns := judging.Owns(x, a)
	if !owns {
		x.Config.Conflicts = nil
		for i := range rs {
			for k := range rs[i].Marks {
				rs[i].Marks[k].JudgeID = 0
			}
		}
	}
	sev := judging.Severities(x.Config, sheets)
	if !owns {
		for i := range sev {
			sev[i].JudgeID = 0
		}
	}
	return resultsReply{Contest: x, Entries: entries, Results: rs, Spreads: judging.Spreads(x.Config, entries, sheets), Severity: sev}, nil
}

func (s *server) judgingResults(c *fiber.Ctx) error { return withActorID(c, s.results) }

type appealBody struct {
	EntryID int64  `json:"entryId"`
	Text    string `json:"text"`
}

func (s *server) fileAppeal(c *fiber.Ctx) error {
	return withActorIDBody(c, fiber.StatusCreated, func(ctx context.Context, u account.User, id int64, in appealBody) (judging.Appeal, error) {
		return s.Judging.FileAppeal(ctx, judgeActor(u), id, in.EntryID, in.Text)
	})
}

type decideBody struct {
	Outcome string `json:"outcome"`
	Note    string `json:"note"`
}

func (s *server) decideAppeal(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	appeal, err := idParam(c, "appeal")
	if err != nil {
		return err
	}
	var in decideBody
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := s.Judging.DecideAppeal(c.UserContext(), judgeActor(currentUser(c)), id, appeal, in.Outcome, in.Note)
	return reply(c, fiber.StatusOK, a, err)
}

func (s *server) judgingAppeals(c *fiber.Ctx) error {
	return withActorID(c, func(ctx context.Context, u account.User, id int64) ([]judging.Appeal, error) {
		return s.Judging.Appeals(ctx, judgeActor(u), id)
	})
}
