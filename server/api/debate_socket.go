package api

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/wshub"
)

// The debate socket (GET /ws/v1/debate/matches/:id?role=screen|pad|console)
// works as the judged-contest socket does: it only listens; ballots and
// console commands go over HTTP (CSRF, field errors). A committed change
// (debate.Notifier) pokes this instance's room of the match and is
// published on the bus (debate:<match>); every instance's room then reads
// the match from SQL once and pushes one board per audience (the console:
// everything; screens and pads: what the console revealed). Every two
// seconds a room compares Store.Changes with what it pushed, so a lost
// bus message or a Redis outage only delays a screen; a reconnecting
// socket gets a snapshot at once.

func debateTopic(id int64) string { return "debate:" + strconv.FormatInt(id, 10) }

type debateRooms struct {
	s        *server
	instance string
	mu       sync.Mutex
	rooms    map[int64]*debateRoom
}

type debateMember struct {
	conn     *wshub.Conn
	room     *debateRoom
	userID   int64
	audience string // audOwner or audPublic
	role     string
}

type debateRoom struct {
	id      int64
	rooms   *debateRooms
	mu      sync.Mutex
	members map[*debateMember]struct{}
	sub     *live.Subscription
	kick    chan struct{}
	stop    chan struct{}
	sent    int64 // the Changes value last pushed (room goroutine only)
}

func newDebateRooms(s *server) *debateRooms {
	return &debateRooms{s: s, instance: newToken(), rooms: map[int64]*debateRoom{}}
}

// Changed implements debate.Notifier: called after every commit.
func (rs *debateRooms) Changed(ctx context.Context, id int64, what string) {
	rs.mu.Lock()
	r := rs.rooms[id]
	rs.mu.Unlock()
	if r != nil {
		r.poke()
	}
	if rs.s.ContestLive == nil {
		return
	}
	payload, _ := json.Marshal(judgingBus{Instance: rs.instance})
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	if err := rs.s.ContestLive.Publish(pctx, debateTopic(id), payload); err != nil {
		rs.s.Logger.Warn("debate: publish failed; other instances catch up from SQL", "match", id, "err", err)
	}
}

func (r *debateRoom) poke() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

func (rs *debateRooms) join(id int64, m *debateMember) *debateRoom {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r, ok := rs.rooms[id]
	if !ok {
		r = &debateRoom{id: id, rooms: rs, members: map[*debateMember]struct{}{}, kick: make(chan struct{}, 1), stop: make(chan struct{})}
		if rs.s.ContestLive != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			sub, err := rs.s.ContestLive.Subscribe(ctx, debateTopic(id))
			cancel()
			if err != nil {
				rs.s.Logger.Warn("debate: subscribe failed; this instance resyncs from SQL", "match", id, "err", err)
			} else {
				r.sub = sub
			}
		}
		rs.rooms[id] = r
		rs.s.Guard.Go("debate.room", r.run)
	}
	r.mu.Lock()
	r.members[m] = struct{}{}
	r.mu.Unlock()
	return r
}

func (rs *debateRooms) leave(r *debateRoom, m *debateMember) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r.mu.Lock()
	delete(r.members, m)
	empty := len(r.members) == 0
	r.mu.Unlock()
	if empty && rs.rooms[r.id] == r {
		delete(rs.rooms, r.id)
		close(r.stop)
	}
}

func (r *debateRoom) list() []*debateMember {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*debateMember, 0, len(r.members))
	for m := range r.members {
		out = append(out, m)
	}
	return out
}

// run is the room's one goroutine (as judgingRoom.run).
func (r *debateRoom) run() {
	var in <-chan live.Message
	if r.sub != nil {
		in = r.sub.C()
		defer r.sub.Close()
	}
	resync := time.NewTicker(judgingResync)
	defer resync.Stop()
	coalesce := time.NewTimer(time.Hour)
	coalesce.Stop()
	pending := false
	for {
		select {
		case <-r.stop:
			return
		case msg, ok := <-in:
			if !ok {
				in = nil
				continue
			}
			var b judgingBus
			if json.Unmarshal(msg.Payload, &b) != nil || b.Instance == r.rooms.instance {
				continue
			}
			if !pending {
				pending = true
				coalesce.Reset(judgingCoalesce)
			}
		case <-r.kick:
			if !pending {
				pending = true
				coalesce.Reset(judgingCoalesce)
			}
		case <-coalesce.C:
			pending = false
			r.broadcast(false)
		case <-resync.C:
			r.broadcast(true)
		}
	}
}

func (r *debateRoom) broadcast(onlyNewer bool) {
	s := r.rooms.s
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	members := r.list()
	if len(members) == 0 {
		return
	}
	if onlyNewer {
		n, err := s.Debate.Changes(ctx, r.id)
		if err != nil || n <= r.sent {
			return
		}
	}
	boards, version, err := s.debateBoards(ctx, r.id, members)
	if err != nil {
		s.Logger.Warn("debate: board read failed", "match", r.id, "err", err)
		return
	}
	r.sent = version
	for _, m := range members {
		if pm := boards[m.audience]; pm != nil {
			m.conn.Send(pm)
		}
	}
}

// debateOut is a message to a debate socket.
type debateOut struct {
	Type       string        `json:"type"` // welcome, board, time, error
	Role       string        `json:"role,omitempty"`
	Board      *debate.Board `json:"board,omitempty"`
	ID         int64         `json:"id,omitempty"`
	T0         int64         `json:"t0,omitempty"`
	T1         int64         `json:"t1,omitempty"`
	T2         int64         `json:"t2,omitempty"`
	ServerTime int64         `json:"serverTime,omitempty"`
	Code       string        `json:"code,omitempty"`
	Error      string        `json:"error,omitempty"`
}

func prepareDebate(out debateOut) *wshub.Message {
	data, err := json.Marshal(out)
	if err != nil {
		return nil
	}
	pm, err := wshub.Prepare(data)
	if err != nil {
		return nil
	}
	return pm
}

// debateBoards reads the match once and prepares the board of each
// audience among the members.
func (s *server) debateBoards(ctx context.Context, id int64, members []*debateMember) (map[string]*wshub.Message, int64, error) {
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
		out[m.audience] = prepareDebate(debateOut{Type: "board", Board: &b})
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
	if !websocketUpgrade(c) {
		return &fault.Error{Code: "bad_request", Message: "this endpoint needs a websocket upgrade"}
	}
	if origin := c.Get(fiber.HeaderOrigin); origin == "" || !s.originAllowed(c, origin) {
		s.Logger.Warn("websocket origin refused", "origin", strings.Clone(origin), "ip", c.IP())
		return &fault.Error{Code: fault.Forbidden, Message: "origin not allowed"}
	}
	id, err := idParam(c, "id")
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
	m := &debateMember{userID: u.ID, role: role, audience: audPublic}
	if v.Organizer && role == "console" {
		m.audience = audOwner
	}
	return s.hijackSocket(c, u.ID, func(conn *wshub.Conn) bool {
		m.conn = conn
		m.room = s.debateRooms.join(id, m)
		return true
	}, s.serveDebate(id, m))
}

// serveDebate is a debate socket's reader loop: welcome and snapshot, then
// clock-sync pings and "sync" requests.
func (s *server) serveDebate(id int64, m *debateMember) func(*wshub.Conn) {
	return func(conn *wshub.Conn) {
		defer s.debateRooms.leave(m.room, m)
		conn.SetReadLimit(wsMaxMessage)
		conn.Send(prepareDebate(debateOut{Type: "welcome", Role: m.role, ServerTime: s.Now().UnixMilli()}))
		snapshot := func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			boards, _, err := s.debateBoards(ctx, id, []*debateMember{m})
			if err == nil {
				conn.Send(boards[m.audience])
			}
		}
		snapshot()
		abuse := 0
		conn.Serve(func(data []byte) {
			received := s.Now().UnixMilli()
			var in wsIn
			switch {
			case json.Unmarshal(data, &in) != nil:
				abuse++
				conn.TrySend(prepareDebate(debateOut{Type: "error", Code: "malformed", Error: "message is not JSON"}))
			case in.Type == "time":
				conn.Send(prepareDebate(debateOut{Type: "time", ID: in.ID, T0: in.T0, T1: received, T2: s.Now().UnixMilli()}))
			case in.Type == "sync":
				snapshot()
			default:
				abuse++
				conn.TrySend(prepareDebate(debateOut{Type: "error", Code: "unknown_type", Error: "unknown message type"}))
			}
			if abuse >= wsMaxAbuse {
				conn.Close(wshub.ClosePolicy, "too many bad messages")
			}
		})
	}
}
