package api

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/wshub"
)

// Board rooms serve the judged-contest and debate sockets, which only
// listen: commands, sheets and ballots go over HTTP (CSRF, field errors).
// A committed change (the feature's Notifier calls Changed) pokes this
// instance's room and is published on the bus (<name>:<id>); every
// instance's room then reads SQL once and pushes one board per audience. A
// room also compares the feature's change counter every two seconds, so a
// lost bus message or a Redis outage only delays a screen; a socket gets a
// snapshot when it joins and when it asks ("sync").
const (
	boardCoalesce = 20 * time.Millisecond // a burst of changes becomes one push
	boardResync   = 2 * time.Second
)

// Audiences of a board: what a board shows differs by viewer.
const (
	audOwner  = "owner"  // the organizer: judge ids and every score
	audPeer   = "peer"   // judges of a contest that shows peers' scores
	audPublic = "public" // screens, pads, everyone else
)

// boardFeed is what a feature gives its rooms.
type boardFeed struct {
	// name prefixes the bus topic, the log lines and the guard's names.
	name string
	// changes is the feature's change counter for id (cheap; read by the resync).
	changes func(ctx context.Context, id int64) (int64, error)
	// boards reads id once and prepares the board of each audience among
	// members, with the counter value it reflects.
	boards func(ctx context.Context, id int64, members []*boardMember) (map[string]*wshub.Message, int64, error)
}

type boardRooms struct {
	s        *server
	feed     boardFeed
	instance string
	mu       sync.Mutex
	rooms    map[int64]*boardRoom
	// pub holds the ids with a bus publish due (true) or under way (false)
	// while their publisher runs: a burst of changes is one or two
	// messages, and no request waits for Redis.
	pubMu sync.Mutex
	pub   map[int64]bool
}

type boardMember struct {
	conn     *wshub.Conn
	room     *boardRoom // set when joined
	userID   int64
	audience string
	role     string
}

type boardRoom struct {
	id      int64
	rooms   *boardRooms
	mu      sync.Mutex
	members map[*boardMember]struct{}
	sub     *live.Subscription
	kick    chan struct{}
	stop    chan struct{}
	sent    int64 // the counter value last pushed (room goroutine only)
}

func newBoardRooms(s *server, feed boardFeed) *boardRooms {
	return &boardRooms{s: s, feed: feed, instance: newToken(), rooms: map[int64]*boardRoom{}, pub: map[int64]bool{}}
}

func (rs *boardRooms) topic(id int64) string { return rs.feed.name + ":" + strconv.FormatInt(id, 10) }

// boardBus is a bus message: it carries no data (each instance reads SQL).
type boardBus struct {
	Instance string `json:"instance"`
}

// Changed implements the features' Notifier: called after every commit.
func (rs *boardRooms) Changed(ctx context.Context, id int64, what string) {
	rs.mu.Lock()
	r := rs.rooms[id]
	rs.mu.Unlock()
	if r != nil {
		r.poke()
	}
	if rs.s.ContestLive == nil {
		return
	}
	rs.pubMu.Lock()
	_, running := rs.pub[id]
	rs.pub[id] = true
	rs.pubMu.Unlock()
	if !running {
		rs.s.Guard.Go(rs.feed.name+".publish", func() { rs.publish(id) })
	}
}

// publish tells the other instances that id changed, once per round of
// changes: changes that arrive while a message is on its way are told by
// the next one. The message carries no data, so coalescing loses nothing.
func (rs *boardRooms) publish(id int64) {
	defer func() {
		if r := recover(); r != nil {
			rs.pubMu.Lock()
			delete(rs.pub, id)
			rs.pubMu.Unlock()
			panic(r) // the guard logs and counts it
		}
	}()
	payload, _ := json.Marshal(boardBus{Instance: rs.instance})
	for {
		rs.pubMu.Lock()
		if !rs.pub[id] {
			delete(rs.pub, id)
			rs.pubMu.Unlock()
			return
		}
		rs.pub[id] = false
		rs.pubMu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		if err := rs.s.ContestLive.Publish(ctx, rs.topic(id), payload); err != nil {
			rs.s.Logger.Warn(rs.feed.name+": publish failed; other instances catch up from SQL", "id", id, "err", err)
		}
		cancel()
	}
}

func (r *boardRoom) poke() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

func (rs *boardRooms) join(id int64, m *boardMember) *boardRoom {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r, ok := rs.rooms[id]
	if !ok {
		r = &boardRoom{id: id, rooms: rs, members: map[*boardMember]struct{}{}, kick: make(chan struct{}, 1), stop: make(chan struct{})}
		if rs.s.ContestLive != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			sub, err := rs.s.ContestLive.Subscribe(ctx, rs.topic(id))
			cancel()
			if err != nil {
				rs.s.Logger.Warn(rs.feed.name+": subscribe failed; this instance resyncs from SQL", "id", id, "err", err)
			} else {
				r.sub = sub
			}
		}
		rs.rooms[id] = r
		rs.s.Guard.Go(rs.feed.name+".room", r.run)
	}
	r.mu.Lock()
	r.members[m] = struct{}{}
	r.mu.Unlock()
	return r
}

func (rs *boardRooms) leave(r *boardRoom, m *boardMember) {
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

func (r *boardRoom) list() []*boardMember {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*boardMember, 0, len(r.members))
	for m := range r.members {
		out = append(out, m)
	}
	return out
}

// run is the room's one goroutine: bus messages and local changes push
// the board (coalesced), the resync ticker catches what the bus lost.
func (r *boardRoom) run() {
	var in <-chan live.Message
	if r.sub != nil {
		in = r.sub.C()
		defer r.sub.Close()
	}
	resync := time.NewTicker(boardResync)
	defer resync.Stop()
	coalesce := time.NewTimer(time.Hour)
	coalesce.Stop()
	pending := false
	due := func() {
		if !pending {
			pending = true
			coalesce.Reset(boardCoalesce)
		}
	}
	for {
		select {
		case <-r.stop:
			return
		case msg, ok := <-in:
			if !ok {
				in = nil
				continue
			}
			var b boardBus
			if json.Unmarshal(msg.Payload, &b) != nil || b.Instance == r.rooms.instance {
				continue
			}
			due()
		case <-r.kick:
			due()
		case <-coalesce.C:
			pending = false
			r.broadcast(false)
		case <-resync.C:
			r.broadcast(true)
		}
	}
}

// broadcast reads SQL once and pushes the board to every member, encoded
// once per audience. onlyNewer skips it when the counter was pushed.
func (r *boardRoom) broadcast(onlyNewer bool) {
	rs := r.rooms
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	members := r.list()
	if len(members) == 0 {
		return
	}
	if onlyNewer {
		n, err := rs.feed.changes(ctx, r.id)
		if err != nil || n <= r.sent {
			return
		}
	}
	boards, version, err := rs.feed.boards(ctx, r.id, members)
	if err != nil {
		rs.s.Logger.Warn(rs.feed.name+": board read failed", "id", r.id, "err", err)
		return
	}
	r.sent = version
	for _, m := range members {
		if pm := boards[m.audience]; pm != nil {
			m.conn.Send(pm)
		}
	}
}

// boardOut is a message to a board socket.
type boardOut struct {
	Type       string `json:"type"` // welcome, board, time, error
	Role       string `json:"role,omitempty"`
	Board      any    `json:"board,omitempty"`
	ID         int64  `json:"id,omitempty"`
	T0         int64  `json:"t0,omitempty"`
	T1         int64  `json:"t1,omitempty"`
	T2         int64  `json:"t2,omitempty"`
	ServerTime int64  `json:"serverTime,omitempty"`
	Code       string `json:"code,omitempty"`
	Error      string `json:"error,omitempty"`
}

func prepareBoard(out boardOut) *wshub.Message {
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

// upgrade hands the checked request to hijackSocket: the socket joins room
// id in the hijack goroutine, then serve runs its reader loop.
func (rs *boardRooms) serve(id int64, m *boardMember) (func(*wshub.Conn) bool, func(*wshub.Conn)) {
	joined := func(conn *wshub.Conn) bool {
		m.conn = conn
		m.room = rs.join(id, m)
		return true
	}
	return joined, rs.reader(id, m)
}

// reader is a board socket's reader loop: the welcome and the snapshot,
// then clock-sync pings and "sync" requests.
func (rs *boardRooms) reader(id int64, m *boardMember) func(*wshub.Conn) {
	s := rs.s
	return func(conn *wshub.Conn) {
		defer rs.leave(m.room, m)
		conn.SetReadLimit(wsMaxMessage)
		conn.Send(prepareBoard(boardOut{Type: "welcome", Role: m.role, ServerTime: s.Now().UnixMilli()}))
		snapshot := func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			boards, _, err := rs.feed.boards(ctx, id, []*boardMember{m})
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
				conn.TrySend(prepareBoard(boardOut{Type: "error", Code: "malformed", Error: "message is not JSON"}))
			case in.Type == "time":
				conn.Send(prepareBoard(boardOut{Type: "time", ID: in.ID, T0: in.T0, T1: received, T2: s.Now().UnixMilli()}))
			case in.Type == "sync":
				snapshot()
			default:
				abuse++
				conn.TrySend(prepareBoard(boardOut{Type: "error", Code: "unknown_type", Error: "unknown message type"}))
			}
			if abuse >= wsMaxAbuse {
				conn.Close(wshub.ClosePolicy, "too many bad messages")
			}
		})
	}
}
