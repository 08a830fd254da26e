package api

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/xlsx"
)

// debateSummary is a tournament in a list.
type debateSummary struct {
	ID      int64         `json:"id"`
	Title   string        `json:"title"`
	Status  debate.Status `json:"status"`
	Prelims int           `json:"prelims"`
	Judges  int           `json:"judges"`
	Owns    bool          `json:"owns"`
}

type debateList struct {
	Items []debateSummary `json:"items"`
}

func (s *server) debateService() (*debate.Service, error) {
	if s.Debate == nil {
		return nil, fault.NotFoundf("debate tournaments are not enabled")
	}
	return s.Debate, nil
}

// listDebates lists the tournaments an organizer runs (admins: all).
func (s *server) listDebates(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	a := judgeActor(currentUser(c))
	all, err := svc.List(c.UserContext())
	if err != nil {
		return err
	}
	out := debateList{Items: []debateSummary{}}
	for _, t := range all {
		if !debate.Owns(t, a) {
			continue
		}
		out.Items = append(out.Items, debateSummary{ID: t.ID, Title: t.Title, Status: t.Status, Prelims: t.Prelims, Judges: len(t.Judges), Owns: true})
	}
	return c.JSON(out)
}

func (s *server) createDebate(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorBody(c, fiber.StatusCreated, func(ctx context.Context, u account.User, n debate.NewTournament) (debate.Tournament, error) {
		return svc.Create(ctx, judgeActor(u), n)
	})
}

func (s *server) getDebate(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (debate.Overview, error) {
		return svc.Overview(ctx, judgeActor(u), id)
	})
}

type debateEdit struct {
	debate.NewTournament
	Version int64 `json:"version"`
}

func (s *server) updateDebate(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in debateEdit) (debate.Tournament, error) {
		return svc.Update(ctx, judgeActor(u), id, in.NewTournament, in.Version)
	})
}

// debateStandings are visible to the organizer and to every judge of the
// pool (the big screen shows them between rounds).
func (s *server) debateStandings(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (debate.Table, error) {
		t, err := svc.Get(ctx, id)
		if err != nil {
			return debate.Table{}, err
		}
		_, judge := t.Judge(u.ID)
		organizer := debate.Owns(t, judgeActor(u)) || u.Has(account.RoleOrganizer, account.RoleAdmin)
		if !organizer && !judge {
			return debate.Table{}, fault.Errorf(fault.Forbidden, "only the tournament's organizer and judges see the standings")
		}
		// judges see what the hall sees: results once released
		return svc.StandingsFor(ctx, id, judging.Viewer{Organizer: organizer})
	})
}

func (s *server) teamTemplate(c *fiber.Ctx) error {
	data, err := xlsx.Write("队伍", [][]string{debate.TeamColumns, {"一支队代表队", "执法一支队", "张三", "李四", "王五", "赵六"}})
	if err != nil {
		return err
	}
	return sendXLSX(c, "辩论队伍导入模板.xlsx", data)
}

type teamImport struct {
	debate.TeamReport
	Imported bool `json:"imported"`
}

// importTeams reads an uploaded team sheet. ?mode=preview (default)
// writes nothing; mode=import adds the teams, only when no row has an
// error (422 with the report otherwise), all or none.
func (s *server) importTeams(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	a := judgeActor(currentUser(c))
	t, err := svc.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	if !debate.Owns(t, a) {
		return fault.Errorf(fault.Forbidden, "only the tournament's organizer may do this")
	}
	rows, units, err := s.readRoster(c)
	if err != nil {
		return err
	}
	rep := debate.ParseTeams(rows, units)
	translateRowErrors(c, rep.Errors)
	out := teamImport{TeamReport: rep}
	if c.Query("mode") != "import" {
		return c.JSON(out)
	}
	if len(rep.Errors) > 0 {
		return &fault.Error{Code: fault.Invalid, Message: "some rows have errors; nothing was imported", Details: out}
	}
	if len(rep.Teams) == 0 {
		return fault.InvalidField("file", "the sheet has no teams")
	}
	stored, err := svc.AddTeams(c.UserContext(), a, id, rep.Teams)
	if err != nil {
		return err
	}
	out.Teams, out.Imported = stored, true
	return c.JSON(out)
}

type teamsBody struct {
	Teams []debate.Team `json:"teams"`
}

func (s *server) addTeams(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusCreated, func(ctx context.Context, u account.User, id int64, in teamsBody) (teamsBody, error) {
		out, err := svc.AddTeams(ctx, judgeActor(u), id, in.Teams)
		return teamsBody{Teams: out}, err
	})
}

type withdrawBody struct {
	Withdrawn bool `json:"withdrawn"`
}

func (s *server) withdrawTeam(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	team, err := idParam(c, "team")
	if err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in withdrawBody) (withdrawBody, error) {
		return in, svc.Withdraw(ctx, judgeActor(u), id, team, in.Withdrawn)
	})
}

type roundBody struct {
	Motion string `json:"motion"`
	Seed   string `json:"seed,omitempty"` // decimal; empty: a fresh seed
}

type roundReply struct {
	Round   debate.Round   `json:"round"`
	Matches []debate.Match `json:"matches"`
}

func (s *server) drawDebateRound(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusCreated, func(ctx context.Context, u account.User, id int64, in roundBody) (roundReply, error) {
		var seed uint64
		if in.Seed != "" {
			v, err := strconv.ParseUint(in.Seed, 10, 64)
			if err != nil || v == 0 {
				return roundReply{}, fault.InvalidField("seed", "a positive whole number")
			}
			seed = v
		}
		r, ms, err := svc.DrawRound(ctx, judgeActor(u), id, in.Motion, seed)
		return roundReply{Round: r, Matches: ms}, err
	})
}

func (s *server) drawKnockout(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusCreated, func(ctx context.Context, u account.User, id int64, in roundBody) (roundReply, error) {
		r, ms, err := svc.Knockout(ctx, judgeActor(u), id, in.Motion)
		return roundReply{Round: r, Matches: ms}, err
	})
}

type panelBody struct {
	Judges []int64 `json:"judges"`
	Reason string  `json:"reason,omitempty"` // for the audit trail
}

func (s *server) setDebatePanel(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in panelBody) (debate.Match, error) {
		return svc.SetPanel(ctx, judgeActor(u), id, in.Judges, in.Reason)
	})
}

func (s *server) debateCommand(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in debate.Command) (debate.Live, error) {
		m, err := svc.Command(ctx, judgeActor(u), id, in)
		return m.Live, err
	})
}

// ballotBody is what a pad sends.
type ballotBody struct {
	Stages   map[string]map[debate.Side]float64 `json:"stages,omitempty"`
	Overall  map[debate.Side]float64            `json:"overall,omitempty"`
	Speakers map[int64]float64                  `json:"speakers,omitempty"`
	Winner   debate.Side                        `json:"winner,omitempty"`
	Best     int64                              `json:"best,omitempty"`
	Comment  string                             `json:"comment,omitempty"`
}

func (s *server) submitBallot(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in ballotBody) (debate.Submitted, error) {
		return svc.Submit(ctx, judgeActor(u), id, debate.Ballot{Stages: in.Stages, Overall: in.Overall, Speakers: in.Speakers, Winner: in.Winner, Best: in.Best, Comment: in.Comment})
	})
}

func (s *server) debatePad(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (debate.Pad, error) {
		return svc.Pad(ctx, judgeActor(u), id)
	})
}

type myMatches struct {
	Items []debate.MyMatch `json:"items"`
}

func (s *server) myDebateMatches(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	out, err := svc.MyMatches(c.UserContext(), judgeActor(currentUser(c)))
	return reply(c, fiber.StatusOK, myMatches{Items: out}, err)
}

// debateViewer is who a board is for: the organizer (everything), or the
// public (what the console revealed). canWatch says whether u may watch
// the match at all: the organizer, the pool's judges, organizers, admins.
func debateViewer(t debate.Tournament, u account.User) (v judging.Viewer, canWatch bool) {
	owns := debate.Owns(t, judgeActor(u))
	_, judge := t.Judge(u.ID)
	return judging.Viewer{UserID: u.ID, Organizer: owns}, owns || judge || u.Has(account.RoleOrganizer, account.RoleAdmin)
}

func (s *server) debateBoard(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (debate.Board, error) {
		snap, err := svc.Snapshot(ctx, id)
		if err != nil {
			return debate.Board{}, err
		}
		v, ok := debateViewer(snap.Tournament(), u)
		if !ok {
			return debate.Board{}, fault.Errorf(fault.Forbidden, "only the tournament's organizer and judges watch its matches")
		}
		if c.Query("view") == "screen" {
			v.Organizer = false
		}
		return snap.Board(v, s.Now()), nil
	})
}
