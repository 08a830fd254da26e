package api

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/wshub"
)

// The judged-contest socket (GET /ws/v1/judging/:id?role=screen|pad|console)
// is a board room (boardrooms.go) over judging:<id>: every instance reads
// the board from SQL and pushes it, one encoding per audience.

func newJudgingRooms(s *server) *boardRooms {
	return newBoardRooms(s, boardFeed{name: "judging", changes: s.judgingChanges, boards: s.judgingBoards})
}

func (s *server) judgingChanges(ctx context.Context, id int64) (int64, error) {
	return s.Judging.Changes(ctx, id)
}

// judgingBoards reads the contest once and prepares the board of each
// audience among the members.
func (s *server) judgingBoards(ctx context.Context, id int64, members []*boardMember) (map[string]*wshub.Message, int64, error) {
	c, entries, sheets, err := s.Judging.Snapshot(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	out := map[string]*wshub.Message{}
	now := s.Now()
	version := c.Version
	for _, m := range members {
		if _, done := out[m.audience]; done {
			continue
		}
		v := judging.Viewer{}
		switch m.audience {
		case audOwner:
			v.Organizer = true
		case audPeer:
			v.UserID = m.userID
		}
		b := judging.MakeBoard(c, v, entries, sheets, now)
		version = b.Version
		out[m.audience] = prepareBoard(boardOut{Type: "board", Board: &b})
	}
	return out, version, nil
}

// judgingSocket checks the Origin, the session (the route's guard) and the
// role, then upgrades: console for the organizer, pad for the panel's
// judges, screen for the organizer, organizers, the panel and (once
// published) everyone.
func (s *server) judgingSocket(c *fiber.Ctx) error {
	id, err := s.socketRequest(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	x, err := s.Judging.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	owns := judging.Owns(x, judgeActor(u))
	_, judge := x.Config.JudgeOf(u.ID)
	role := strings.Clone(c.Query("role", "screen")) // kept by the socket after the handler returns
	switch role {
	case "console":
		if !owns {
			return fault.Errorf(fault.Forbidden, "only the contest's organizer runs the stage")
		}
	case "pad":
		if !judge || x.Status == judging.StatusDraft {
			return fault.Errorf(fault.Forbidden, "only the contest's judges score it")
		}
	case "screen":
		if !owns && !judge && !u.Has(account.RoleOrganizer, account.RoleAdmin) && x.Status != judging.StatusPublished {
			return fault.Errorf(fault.Forbidden, "only organizers may open the big screen")
		}
	default:
		return fault.InvalidField("role", "must be screen, pad or console")
	}
	m := &boardMember{userID: u.ID, role: role, audience: audPublic}
	switch {
	case owns && role != "screen":
		m.audience = audOwner
	case judge && x.Config.Aggregation.ShowPeers:
		m.audience = audPeer
	}
	join, serve := s.judgingRooms.serve(id, m)
	return s.hijackSocket(c, u.ID, join, serve)
}
