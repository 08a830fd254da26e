package api

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/websocket"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/wshub"
)

// contestSocket upgrades a logged-in user's request to a contest socket.
// ?role= host | screen | player | audience.
func (s *server) contestSocket(c *fiber.Ctx) error {
	id, err := s.socketRequest(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	a := actorOf(u)
	x, err := s.contestRooms.contest(c.UserContext(), id)
	if err != nil {
		return err
	}
	if x.Status != contest.StatusPublished {
		return contest.ErrNotPublished
	}
	role := strings.Clone(c.Query("role", roleAudience)) // kept past the handler
	host := contest.CanHost(x, a)
	switch role {
	case roleHost:
		if !host {
			s.Logger.Warn("contest: host socket refused", "contest", id, "user", u.ID)
			return fault.Errorf(fault.Forbidden, "only the host may run the contest")
		}
	case roleScreen:
		if !host && !u.Has(account.RoleOrganizer, account.RoleAdmin) {
			return fault.Errorf(fault.Forbidden, "only organizers may open the big screen")
		}
		host = false
	case rolePlayer:
		host = false
		seated := x.Config.Mode == contest.ModeIndividual
		for _, p := range x.Config.Players {
			seated = seated || p.UserID == u.ID
		}
		if !seated {
			return fault.Errorf(fault.Forbidden, "you are not a player of this contest")
		}
	case roleAudience:
		host = false
	default:
		return fault.InvalidField("role", "must be host, screen, player or audience")
	}
	m := &member{userID: u.ID, name: strings.Clone(u.Name), role: role, host: host, zh: wantsChinese(c.Get(fiber.HeaderAcceptLanguage)), token: newToken()}
	return s.hijackSocket(c, u.ID, func(conn *wshub.Conn) bool {
		m.conn = conn
		return s.joinContest(id, m)
	}, s.serveContest(m))
}

func (s *server) sendContest(m *member, out contestOut) {
	data, err := json.Marshal(out)
	if err != nil {
		return
	}
	pm, err := wshub.Prepare(data)
	if err != nil {
		return
	}
	if out.Type == "error" || out.Type == "refused" {
		m.conn.TrySend(pm)
	} else {
		m.conn.Send(pm)
	}
}

// reply answers what m's socket sent (an ack, a refusal, an error, a
// clock reply, the player's own part after its answer) through the
// writers' reply lane: it never waits behind a fan-out to the other
// sockets. received is when the message was read; an ack or refusal of
// an action is timed from then until it is on the socket
// (weishi_contest_reply_seconds).
func (s *server) reply(m *member, out contestOut, received time.Time, action string) {
	data, err := json.Marshal(out)
	if err != nil {
		return
	}
	var written func()
	if h := s.contestRooms.replySeconds; h != nil && action != "" && (out.Type == "ack" || out.Type == "refused") {
		obs := h.WithLabelValues(action)
		written = func() { obs.Observe(time.Since(received).Seconds()) }
	}
	pm := wshub.PrepareReply(data, written)
	if out.Type == "error" || out.Type == "refused" {
		m.conn.TryReply(pm)
	} else {
		m.conn.Reply(pm)
	}
}

// joinContest puts a new socket in its contest's room (it runs before the
// socket's reader starts, see hijackSocket): a player's second device takes
// over, a player of an individual contest joins the game, and the socket
// gets its welcome and snapshot.
func (s *server) joinContest(id int64, m *member) bool {
	ctx := context.Background()
	r, err := s.contestRooms.join(ctx, id, m)
	if err != nil {
		m.conn.Close(websocket.CloseInternalServerErr, "")
		return false
	}
	m.room = r
	x := r.contest
	m.conn.SetReadLimit(contestReadLimit)
	if m.role == rolePlayer {
		// a second device for the same account takes over
		for _, o := range r.list() {
			if o != m && o.userID == m.userID && o.role == rolePlayer {
				r.replaced(o)
			}
		}
		if s.ContestLive != nil {
			payload, _ := json.Marshal(busMsg{Kind: "takeover", Instance: s.contestRooms.instance, UserID: m.userID, Token: m.token})
			_ = s.ContestLive.Publish(ctx, contestTopic(x.ID), payload)
		}
		if x.Config.Mode == contest.ModeIndividual {
			res, err := s.Contests.Act(ctx, x.ID, contest.Actor{UserID: m.userID, Name: m.name}, contest.Action{Type: contest.ActJoin})
			if err == nil {
				s.contestRooms.accepted(r, res.Entry)
			}
		}
	}
	s.sendContest(m, contestOut{Type: "welcome", Role: m.role, UserID: m.userID, ContestID: x.ID, Title: x.Title, ServerTime: s.Now().UnixMilli()})
	s.sendSnapshot(m)
	return true
}

// serveContest returns the socket's reader loop.
func (s *server) serveContest(m *member) func(*wshub.Conn) {
	return func(conn *wshub.Conn) {
		r := m.room
		defer s.contestRooms.leave(r, m)
		abuse := 0
		conn.Serve(func(data []byte) {
			received := s.Now()
			var in contestIn
			var jerr error
			if len(data) <= contestMaxMessage {
				jerr = json.Unmarshal(data, &in)
			}
			var typeErr *json.UnmarshalTypeError
			switch {
			case len(data) > contestMaxMessage:
				abuse++
				s.reply(m, contestOut{Type: "error", Code: "too_large", Error: translate(m.zh, "message too large")}, received, "")
			case errors.As(jerr, &typeErr):
				abuse++
				s.reply(m, contestOut{Type: "error", Code: fault.Invalid, Field: typeErr.Field, Error: translate(m.zh, "a field has the wrong type") + ": " + typeErr.Field}, received, "")
			case jerr != nil:
				abuse++
				s.reply(m, contestOut{Type: "error", Code: "malformed", Error: translate(m.zh, "message is not JSON")}, received, "")
			default:
				if !s.handleContestMessage(r, r.contest, m, in, received) {
					abuse++
				}
			}
			if abuse == wsMaxAbuse {
				s.Logger.Warn("contest: socket closed for abuse", "contest", r.id, "user", m.userID)
				conn.Close(wshub.ClosePolicy, "too many bad messages")
			}
		})
	}
}

// snapshotOut is the snapshot message: unlike contestOut it carries seq
// even at 0, and the board's top.
type snapshotOut struct {
	Type       string        `json:"type"`
	Seq        int64         `json:"seq"`
	View       *contest.View `json:"view"`
	Top        []boardRow    `json:"top"`
	Total      int           `json:"total"`
	ServerTime int64         `json:"serverTime"`
}

// snapshotOf is the snapshot of g for view v: the board's top at once, so
// a screen that connects mid-contest shows the standings before the next
// change.
func (s *server) snapshotOf(g *contest.Game, v *contest.View) snapshotOut {
	ranked := contest.Rank(sidesOf(g))
	top := make([]boardRow, 0, min(len(ranked), contestBoardTop))
	for _, st := range ranked[:min(len(ranked), contestBoardTop)] {
		top = append(top, boardRow{Side: st.Side, Name: st.Name, Score: st.Score, Rank: st.Rank})
	}
	return snapshotOut{Type: "snapshot", Seq: g.Seq, View: v, Top: top, Total: len(ranked), ServerTime: s.Now().UnixMilli()}
}

func (s *server) sendJSON(m *member, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		return
	}
	if pm, err := wshub.Prepare(data); err == nil {
		m.conn.Send(pm)
	}
}

// sendMe sends a player its own part of the game.
func (s *server) sendMe(m *member) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.Contests.ViewCached(ctx, m.room.id, func(_ contest.Contest, g *contest.Game) error {
		if me := g.Me(m.userID); me != nil {
			s.sendContest(m, contestOut{Type: "me", Seq: g.Seq, Me: me})
		}
		return nil
	})
}

// sendSnapshot sends m the full state. Screens and audience share one
// encoded snapshot per seq (a reconnect or sync storm costs one encoding);
// hosts and players get their own view.
func (s *server) sendSnapshot(m *member) {
	r := m.room
	if !m.host && m.role != rolePlayer {
		if pm := r.publicSnapshot(); pm != nil {
			m.conn.Send(pm)
		}
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.Contests.ViewCached(ctx, r.id, func(x contest.Contest, g *contest.Game) error {
		v := g.View(m.host, m.userID)
		if v.Me != nil && x.Config.Mode == contest.ModeIndividual {
			for _, st := range contest.Rank(sidesOf(g)) {
				if st.Side == m.userID {
					v.Me.Rank = st.Rank
				}
			}
		}
		s.sendJSON(m, s.snapshotOf(g, &v)) // seq always, even 0
		return nil
	})
}

// handleContestMessage answers one client message; false counts as abuse.
func (s *server) handleContestMessage(r *room, x contest.Contest, m *member, in contestIn, received time.Time) bool {
	switch in.Type {
	case "time":
		s.reply(m, contestOut{Type: "time", ID: in.ID, T0: in.T0, T1: received.UnixMilli(), T2: s.Now().UnixMilli()}, received, "")
		return true
	case "clock":
		// the device reports its measured offset and one-way delay; the
		// delay credit is capped by the contest's tolerance (see Order)
		if in.DelayMs < 0 || in.DelayMs > 60000 {
			s.reply(m, contestOut{Type: "error", Code: "invalid", Error: translate(m.zh, "the clock report is out of range")}, received, in.Type)
			return false
		}
		m.delay.Store(in.DelayMs)
		m.offset.Store(in.OffsetMs)
		return true
	case "sync":
		s.sendSnapshot(m)
		return true
	case "cmd", "press", "answer", "choose":
	default:
		s.reply(m, contestOut{Type: "error", Code: "unknown_type", Error: translate(m.zh, "unknown message type")}, received, in.Type)
		return false
	}
	if !m.allow(received) {
		s.reply(m, contestOut{Type: "refused", Ref: in.Ref, ClientID: in.ClientID, Code: fault.RateLimited, Error: translate(m.zh, "too many actions; slow down")}, received, in.Type)
		return true
	}
	a := contest.Action{At: received.UnixMilli(), DeviceAt: in.DeviceAt, OffsetMs: m.offset.Load(), DelayMs: m.delay.Load()}
	switch in.Type {
	case "cmd":
		if !m.host {
			s.Logger.Warn("contest: host command from a non-host refused", "contest", x.ID, "user", m.userID, "role", m.role, "cmd", in.Cmd)
			s.reply(m, contestOut{Type: "refused", Ref: in.Ref, Code: fault.Forbidden, Error: translate(m.zh, "only the host may send commands")}, received, in.Type)
			return false
		}
		if !contest.IsHostCommand(in.Cmd) {
			s.reply(m, contestOut{Type: "error", Ref: in.Ref, Code: "unknown_command", Error: translate(m.zh, "unknown command")}, received, in.Type)
			return false
		}
		a.Type, a.Round, a.Sides, a.Side, a.Value, a.Right, a.Reason = in.Cmd, in.Round, in.Sides, in.Side, in.Value, in.Right, in.Reason
	case "press", "answer", "choose":
		if m.role != rolePlayer {
			s.Logger.Warn("contest: action from a non-player refused", "contest", x.ID, "user", m.userID, "role", m.role, "type", in.Type)
			s.reply(m, contestOut{Type: "refused", Ref: in.Ref, ClientID: in.ClientID, Code: fault.Forbidden, Error: translate(m.zh, "connect as a player to play")}, received, in.Type)
			return false
		}
		a.Type = contest.ActPress
		if in.Type == "answer" {
			a.Type, a.Choice, a.ClientID = contest.ActAnswer, in.Choice, in.ClientID
		}
		if in.Type == "choose" {
			a.Type, a.Value = contest.ActChoose, in.Value
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := s.Contests.Act(ctx, x.ID, contest.Actor{UserID: m.userID, Name: m.name, Admin: m.host && !contest.CanHost(x, contest.Actor{UserID: m.userID})}, a)
	if err != nil {
		if !contest.IsRefusal(err) {
			s.Logger.Error("contest: action failed", "contest", x.ID, "user", m.userID, "type", a.Type, "err", err)
			s.reply(m, contestOut{Type: "refused", Ref: in.Ref, ClientID: in.ClientID, Code: fault.Internal, Error: translate(m.zh, "internal error")}, received, in.Type)
			return true
		}
		var fe *fault.Error
		code, msg := fault.Code(err), err.Error()
		if e, ok := err.(*fault.Error); ok {
			fe = e
			msg = e.Message
		}
		_ = fe
		s.Logger.Info("contest: action refused", "contest", x.ID, "user", m.userID, "type", a.Type, "reason", msg)
		var field string
		if fe != nil {
			for f := range fe.Fields {
				field = f // a game refusal names at most one field
			}
		}
		s.reply(m, contestOut{Type: "refused", Ref: in.Ref, ClientID: in.ClientID, Code: code, Field: field, Error: translate(m.zh, msg)}, received, in.Type)
		return code != fault.Forbidden
	}
	if in.Type == "answer" {
		s.reply(m, contestOut{Type: "ack", Ref: in.Ref, ClientID: in.ClientID, Seq: res.Entry.Seq, Duplicate: res.Duplicate}, received, in.Type)
		// the player's own answer as received (no verdict until the
		// reveal), from the result: no wait for the game's lock — unless
		// a state after the answer went out already (its me is newer)
		if res.Me != nil && r.sent.Load() <= res.Entry.Seq {
			s.reply(m, contestOut{Type: "me", Seq: res.Entry.Seq, Me: res.Me}, received, "")
		} else {
			s.sendMe(m)
		}
	} else {
		s.reply(m, contestOut{Type: "ack", Ref: in.Ref, Seq: res.Entry.Seq, Note: translate(m.zh, res.Entry.Outcome.Note)}, received, in.Type)
	}
	if !res.Duplicate {
		s.contestRooms.accepted(r, res.Entry)
	}
	return true
}
