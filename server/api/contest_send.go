package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/wshub"
)

// A room's states and boards: each is planned (encoded once for every
// socket) and then sent in one pass over the members; a score change's
// state and board share the pass and each socket's write.

// broadcastState sends the public view once-encoded to screens, players
// and audience (latest wins: a state not yet written is replaced), the
// host view to hosts, and each player their own part (in order). The game
// is this instance's, kept up to date by the committer and the bus: no SQL
// read here.
func (r *room) broadcastState() { r.send(r.planState(), nil) }

// sendBoard sends the top of the board to everyone (latest wins) and, in
// individual contests, each player's own rank.
func (r *room) sendBoard() { r.send(nil, r.planBoard()) }

// statePlan is a state to send: the public frame, each host's view and
// each player's own part, all of seq.
type statePlan struct {
	seq       int64
	public    *wshub.Message
	hostViews map[int64]contest.View
	mes       map[int64]*contest.MeView
	members   []*member
}

// planState encodes the state for the room's members, or returns nil when
// there is none to send: an entry is stored but not yet acknowledged (the
// state waits for it: restate), or only answers and joins came since the
// last state (they travel with the board).
func (r *room) planState() *statePlan {
	s := r.rooms.s
	p := &statePlan{members: r.list(), hostViews: map[int64]contest.View{}, mes: map[int64]*contest.MeView{}}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	deferred, unchanged := false, false
	err := s.Contests.ViewCached(ctx, r.id, func(_ contest.Contest, g *contest.Game) error {
		p.seq = g.Seq
		if p.seq > r.known.Load() {
			deferred = true // an entry is stored but not yet acknowledged: it comes next
			return nil
		}
		if g.ViewSeq <= r.sent.Load() {
			unchanged = true // only answers or joins since the last state: they travel with the board
			return nil
		}
		v := g.View(false, 0)
		data, err := json.Marshal(contestOut{Type: "state", Seq: g.Seq, View: &v, ServerTime: s.Now().UnixMilli()})
		if err != nil {
			return err
		}
		p.public, err = wshub.Prepare(data)
		if err != nil {
			return err
		}
		for _, m := range p.members {
			if m.host {
				if _, ok := p.hostViews[m.userID]; !ok {
					p.hostViews[m.userID] = g.View(true, m.userID)
				}
			} else if m.role == rolePlayer {
				if me := g.Me(m.userID); me != nil {
					p.mes[m.userID] = me
				}
			}
		}
		return nil
	})
	if err != nil {
		s.Logger.Warn("contest: state broadcast failed", "contest", r.id, "err", err)
		return nil
	}
	if deferred {
		r.restate.Store(true)
		return nil
	}
	if unchanged {
		return nil
	}
	raise(&r.sent, p.seq)
	return p
}

// boardPlan is a board to send: the frame for everyone and, in
// individual contests, each player's standing.
type boardPlan struct {
	seq   int64
	frame *wshub.Message
	rank  map[int64]contest.Standing
}

// planBoard encodes the top of the board from this instance's game (the
// same snapshot as the answered count; the game is kept current by the
// committer and the bus), keeping the Redis sorted set in step: rebuilt
// from the game when an increment failed or it lost members (a Redis
// restart). nil when the game cannot be read.
func (r *room) planBoard() *boardPlan {
	s := r.rooms.s
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var standings []contest.Standing
	var answered int
	var seq int64
	mode := contest.ModeTeam
	err := s.Contests.ViewCached(ctx, r.id, func(x contest.Contest, g *contest.Game) error {
		seq, mode = g.Seq, x.Config.Mode
		standings = contest.Rank(sidesOf(g))
		if g.Q != nil {
			answered = len(g.Q.Answers)
		}
		return nil
	})
	if err != nil {
		return nil
	}
	if s.ContestLive != nil {
		b := s.ContestLive.Leaderboard(boardName(r.id))
		if r.stale.Load() {
			r.rebuildBoard(ctx, standings)
		} else if n, err := b.Len(ctx); err == nil && n != len(standings) {
			r.rebuildBoard(ctx, standings)
		}
	}
	top := make([]boardRow, 0, contestBoardTop)
	for i, st := range standings {
		if i == contestBoardTop {
			break
		}
		top = append(top, boardRow{Side: st.Side, Name: st.Name, Score: st.Score, Rank: st.Rank})
	}
	r.boarded.Store(seq)
	data, err := json.Marshal(contestOut{Type: "board", Seq: seq, Top: top, Total: len(standings), Answered: answered, ServerTime: s.Now().UnixMilli()})
	if err != nil {
		return nil
	}
	p := &boardPlan{seq: seq}
	if p.frame, err = wshub.Prepare(data); err != nil {
		return nil
	}
	if mode == contest.ModeIndividual {
		p.rank = make(map[int64]contest.Standing, len(standings))
		for _, st := range standings {
			p.rank[st.Side] = st
		}
	}
	return p
}

// send delivers a state, a board or both (either may be nil) to the
// room's members in one pass: hosts get their own view, everyone else
// the public frames (latest wins; both in one write), players their own
// part and, in individual contests, their rank when it changed.
func (r *room) send(st *statePlan, bd *boardPlan) {
	if st == nil && bd == nil {
		return
	}
	s := r.rooms.s
	var members []*member
	if st != nil {
		members = st.members
	} else {
		members = r.list()
	}
	var seen map[*member]bool
	if bd != nil {
		seen = make(map[*member]bool, len(r.lastRank))
	}
	for _, m := range members {
		switch {
		case st != nil && m.host:
			v := st.hostViews[m.userID]
			s.sendContest(m, contestOut{Type: "state", Seq: st.seq, View: &v, ServerTime: s.Now().UnixMilli()})
			if bd != nil {
				m.conn.SendLatest(wshub.SlotBoard, bd.frame)
			}
		case st != nil && bd != nil:
			m.conn.SendLatestBoth(st.public, bd.frame)
		case st != nil:
			m.conn.SendLatest(wshub.SlotState, st.public)
		default:
			m.conn.SendLatest(wshub.SlotBoard, bd.frame)
		}
		if st != nil && !m.host {
			if me := st.mes[m.userID]; me != nil {
				s.sendContest(m, contestOut{Type: "me", Seq: st.seq, Me: me})
			}
		}
		if bd != nil && m.role == rolePlayer {
			if x, ok := bd.rank[m.userID]; ok {
				seen[m] = true
				now := [2]int{x.Score, x.Rank}
				if last, ok := r.lastRank[m]; !ok || last != now {
					r.lastRank[m] = now
					s.sendContest(m, contestOut{Type: "rank", Seq: bd.seq, Me: &contest.MeView{UserID: m.userID, Name: x.Name, Side: x.Side, Score: x.Score, Team: x.Score, Rank: x.Rank}})
				}
			}
		}
	}
	if bd != nil {
		for m := range r.lastRank {
			if !seen[m] {
				delete(r.lastRank, m) // gone
			}
		}
	}
}
