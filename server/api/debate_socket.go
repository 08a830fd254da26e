package api

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/wshub"
)

// The debate socket (GET /ws/v1/debate/matches/:id?role=screen|pad|console)
// is a board room (boardrooms.go) over debate:<match>: every instance's
// room reads the match from SQL once and pushes one board per audience
// (the console: everything; screens and pads: what the console revealed).

func newDebateRooms(s *server) *boardRooms {
	return newBoardRooms(s, boardFeed{name: "debate", changes: s.debateChanges, boards: s.debateBoards})
}

func (s *server) debateChanges(ctx context.Context, id int64) (int64, error) {
	return s.Debate.Changes(ctx, id)
}

// debateBoards reads the match once and prepares the board of each
// audience among the members.
func (s *server) debateBoards(ctx context.Context, id int64, members []*boardMember) (map[string]*wshub.Message, int64, error) {
	snap, err := s.Debate.Snapshot(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	out := map[string]*wshub.Message{}
	now := s.Now()
	for _, m := range members {
		if _, done := out[m.audience]; done {
			continue
		}
		b := snap.Board(judging.Viewer{UserID: m.userID, Organizer: m.audience == audOwner}, now)
		out[m.audience] = prepareBoard(boardOut{Type: "board", Board: &b})
	}
	return out, snap.Version(), nil
}

// debateSocket checks the Origin, the session (the route's guard) and the
// role, then upgrades: console for the organizer, pad for the match's
// panel, screen for the organizer, the pool's judges, organizers, admins.
func (s *server) debateSocket(c *fiber.Ctx) error {
	if s.Debate == nil {
		return fault.NotFoundf("debate tournaments are not enabled")
	}
	id, err := s.socketRequest(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	snap, err := s.Debate.Snapshot(c.UserContext(), id)
	if err != nil {
		return err
	}
	v, watch := debateViewer(snap.Tournament(), u)
	role := strings.Clone(c.Query("role", "screen"))
	onPanel := false
	for _, j := range snap.Match().Judges {
		onPanel = onPanel || j == u.ID
	}
	switch role {
	case "console":
		if !v.Organizer {
			return fault.Errorf(fault.Forbidden, "only the tournament's organizer may do this")
		}
	case "pad":
		if !onPanel {
			return fault.Errorf(fault.Forbidden, "the judge is not on this match")
		}
	case "screen":
		if !watch {
			return fault.Errorf(fault.Forbidden, "only the tournament's organizer and judges watch its matches")
		}
	default:
		return fault.InvalidField("role", "must be screen, pad or console")
	}
	m := &boardMember{userID: u.ID, role: role, audience: audPublic}
	if v.Organizer && role == "console" {
		m.audience = audOwner
	}
	join, serve := s.debateRooms.serve(id, m)
	return s.hijackSocket(c, u.ID, join, serve)
}
