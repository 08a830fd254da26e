package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/wshub"
)

// Debate routes of the second part: unlocking a match and reopening a
// ballot (with a reason, into the audit trail), the judge's server-side
// draft, and the tournament screen (HTTP snapshot and websocket).

type debateReason struct {
	Reason string `json:"reason"`
}

type auditList struct {
	Items []debate.AuditEntry `json:"items"`
}

func (s *server) unlockMatch(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in debateReason) (debate.Live, error) {
		m, err := svc.Unlock(ctx, judgeActor(u), id, in.Reason)
		return m.Live, err
	})
}

type reopenReply struct {
	Reopened bool `json:"reopened"`
}

func (s *server) reopenBallot(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	judge, err := idParam(c, "judge")
	if err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in debateReason) (reopenReply, error) {
		err := svc.Reopen(ctx, judgeActor(u), id, judge, in.Reason)
		return reopenReply{Reopened: err == nil}, err
	})
}

func (s *server) debateAudit(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (auditList, error) {
		out, err := svc.Audit(ctx, judgeActor(u), id)
		return auditList{Items: out}, err
	})
}

type draftReply struct {
	Saved bool `json:"saved"`
}

func (s *server) saveDebateDraft(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in ballotBody) (draftReply, error) {
		err := svc.SaveDraft(ctx, judgeActor(u), id, debate.Ballot{Stages: in.Stages, Overall: in.Overall, Speakers: in.Speakers, Winner: in.Winner, Best: in.Best, Comment: in.Comment})
		return draftReply{Saved: err == nil}, err
	})
}

// canWatchTournament is who may watch a tournament's screen: the same
// people as a match's screen (debateViewer).
func canWatchTournament(t debate.Tournament, u account.User) bool {
	_, ok := debateViewer(t, u)
	return ok
}

func (s *server) tournamentScreen(c *fiber.Ctx) error {
	svc, err := s.debateService()
	if err != nil {
		return err
	}
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (debate.TournamentScreen, error) {
		t, err := svc.Get(ctx, id)
		if err != nil {
			return debate.TournamentScreen{}, err
		}
		if !canWatchTournament(t, u) {
			return debate.TournamentScreen{}, fault.Errorf(fault.Forbidden, "only the tournament's organizer and judges watch its matches")
		}
		return svc.Screen(ctx, id, s.Now())
	})
}

// The tournament socket (GET /ws/v1/debate/tournaments/:id) is a board
// room over debate-tournament:<id>: one public board for every screen.
func newTournamentRooms(s *server) *boardRooms {
	return newBoardRooms(s, boardFeed{name: "debate-tournament", changes: s.tournamentChanges, boards: s.tournamentBoards})
}

func (s *server) tournamentChanges(ctx context.Context, id int64) (int64, error) {
	return s.Debate.TournamentChanges(ctx, id)
}

func (s *server) tournamentBoards(ctx context.Context, id int64, _ []*boardMember) (map[string]*wshub.Message, int64, error) {
	sc, err := s.Debate.Screen(ctx, id, s.Now())
	if err != nil {
		return nil, 0, err
	}
	return map[string]*wshub.Message{audPublic: prepareBoard(boardOut{Type: "board", Board: &sc})}, sc.Version, nil
}

func (s *server) tournamentSocket(c *fiber.Ctx) error {
	if s.Debate == nil {
		return fault.NotFoundf("debate tournaments are not enabled")
	}
	id, err := s.socketRequest(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	t, err := s.Debate.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	if !canWatchTournament(t, u) {
		return fault.Errorf(fault.Forbidden, "only the tournament's organizer and judges watch its matches")
	}
	m := &boardMember{userID: u.ID, role: "screen", audience: audPublic}
	join, serve := s.tournamentRooms.serve(id, m)
	return s.hijackSocket(c, u.ID, join, serve)
}
