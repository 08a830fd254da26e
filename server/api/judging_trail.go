package api

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
)

// trailReply is the audit-trail page: every step, oldest first, with the
// names of the people who took them (user id → name).
type trailReply struct {
	Events []judging.Event   `json:"events"`
	Names  map[string]string `json:"names"`
}

// judgingTrail answers the organizer's audit trail: every version of every
// sheet (submit, reopen with its reason, resubmit), declared conflicts,
// draws and appeals with their outcome.
func (s *server) judgingTrail(c *fiber.Ctx) error {
	return withActorID(c, func(ctx context.Context, u account.User, id int64) (trailReply, error) {
		x, events, err := s.Judging.Trail(ctx, judgeActor(u), id)
		if err != nil {
			return trailReply{}, err
		}
		names := map[string]string{}
		for _, j := range x.Config.Panel {
			names[strconv.FormatInt(j.UserID, 10)] = j.Name
		}
		for _, ev := range events {
			k := strconv.FormatInt(ev.ActorID, 10)
			if _, ok := names[k]; ok || ev.ActorID == 0 {
				continue
			}
			names[k] = k
			if p, err := s.Accounts.User(ctx, ev.ActorID); err == nil {
				names[k] = p.Name
			}
		}
		return trailReply{Events: events, Names: names}, nil
	})
}
