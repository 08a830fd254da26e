package contest

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The command sequences of docs/live-protocol.md are Mermaid state
// diagrams, one per round kind. This test explores every state a round of
// that kind can reach (host commands, presses, answers, risk choices and
// the clock, at realistic times) and checks, for each kind:
//
//   - every edge of the diagram happens (the doc does not promise a move
//     the game refuses);
//   - every move the game accepts is an edge of the diagram (the doc is
//     complete);
//   - in every state, Legal lists exactly the host commands Apply accepts.
//
// Then it plays each diagram's main path, documented as `%% path:`.

// edge is a transition between phases labelled by the move that makes it.
type edge struct {
	from Phase
	move string
	to   Phase
}

func (e edge) String() string { return fmt.Sprintf("%s --> %s : %s", e.from, e.to, e.move) }

var (
	mermaidBlock = regexp.MustCompile("(?s)```mermaid\n(.*?)```")
	kindLine     = regexp.MustCompile(`(?m)^\s*%% kind: (\w+)\s*$`)
	pathLine     = regexp.MustCompile(`(?m)^\s*%% path: (.+)$`)
	edgeLine     = regexp.MustCompile(`(?m)^\s*(\[\*\]|\w+) --> (\w+) : ([a-z_]+)`)
)

type diagram struct {
	edges map[edge]bool
	path  []string
}

func readDiagrams(t *testing.T) map[Kind]diagram {
	t.Helper()
	doc, err := os.ReadFile("../../docs/live-protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[Kind]diagram{}
	for _, b := range mermaidBlock.FindAllStringSubmatch(string(doc), -1) {
		k := kindLine.FindStringSubmatch(b[1])
		if k == nil {
			continue
		}
		d := diagram{edges: map[edge]bool{}}
		for _, m := range edgeLine.FindAllStringSubmatch(b[1], -1) {
			from := Phase(m[1])
			if m[1] == "[*]" {
				from = "start"
			}
			d.edges[edge{from, m[3], Phase(m[2])}] = true
		}
		if p := pathLine.FindStringSubmatch(b[1]); p != nil {
			d.path = strings.Fields(p[1])
		}
		out[Kind(k[1])] = d
	}
	return out
}

// protocolConfig is two rounds of kind k (a tie-break follows a buzzer
// round: tie-breaks are started on demand) between two teams.
func protocolConfig(k Kind) Config {
	r := Round{Kind: k, Title: string(k), Points: 20, Deduct: 10, Questions: qs(2)}
	switch k {
	case KindBuzzer, KindTieBreak:
		r.Rebound, r.FalseStart = true, FalseStartLockout
	case KindRisk:
		r.RiskValues = []int{10, 20}
	case KindEveryone:
		r.Scoring, r.TimeLimit, r.AutoReveal = ScoringKahoot, 20, true
	}
	rounds := []Round{r, r}
	if k == KindTieBreak {
		rounds = []Round{r}
	}
	return Config{Mode: ModeTeam, BaseScore: 100, ArmLead: 500, Tolerance: 100,
		Teams:   []Team{{ID: 1, Name: "一队"}, {ID: 2, Name: "二队"}},
		Players: []Player{{UserID: 11, TeamID: 1, Name: "甲"}, {UserID: 21, TeamID: 2, Name: "乙"}},
		Rounds:  rounds}
}

func startAction(k Kind) Action {
	a := Action{Type: CmdStartRound, Host: true, Round: 0}
	if k == KindTieBreak {
		a.Sides = []int64{1, 2}
	}
	return a
}

// protocolMoves are the moves tried in every state; the clock's act at
// the deadline is "clock".
type move struct {
	label, variant string
	a              Action
}

func protocolMoves() []move {
	out := []move{}
	for _, c := range []string{CmdShow, CmdArm, CmdOpen, CmdClose, CmdVoid, CmdReveal, CmdBoard, CmdNext, CmdFinish} {
		out = append(out, move{c, "", Action{Type: c, Host: true}})
	}
	out = append(out,
		move{CmdJudge, "right", Action{Type: CmdJudge, Host: true, Right: true}},
		move{CmdJudge, "wrong", Action{Type: CmdJudge, Host: true, Right: false}},
		move{CmdPick, "", Action{Type: CmdPick, Host: true, Value: 10}},
		move{ActPress, "1", Action{Type: ActPress, UserID: 11}},
		move{ActPress, "2", Action{Type: ActPress, UserID: 21}},
		move{ActAnswer, "right", Action{Type: ActAnswer, UserID: 11, Choice: "B"}},
		move{ActAnswer, "wrong", Action{Type: ActAnswer, UserID: 21, Choice: "A"}},
		move{ActChoose, "1", Action{Type: ActChoose, UserID: 11, Value: 20}},
		move{ActChoose, "2", Action{Type: ActChoose, UserID: 21, Value: 20}},
		move{"clock", "", Action{}},
	)
	return out
}

// play replays a path of moves (indexes into protocolMoves) on a new game,
// one second apart (so armed buzzers are live and the order settled), the
// clock at the deadline.
func play(cfg Config, k Kind, path []int) (*Game, error) {
	g := NewGame(cfg)
	now := int64(1_000_000)
	a := startAction(k)
	a.At = now
	if _, err := g.Apply(1, a); err != nil {
		return nil, err
	}
	moves := protocolMoves()
	for i, m := range path {
		now += 1000
		a := moves[m].a
		a.At = now
		if a.ClientID == "" && a.Type == ActAnswer {
			a.ClientID = fmt.Sprintf("c%d", i)
		}
		if moves[m].label == "clock" {
			at, acts := g.Due()
			if at == 0 {
				// after the deadline's close, the round's reveal by itself
				acts = []Action{{Type: CmdReveal, Host: true, Clock: true}}
				at = now
			}
			a = acts[0]
			a.At = max(at, now)
			now = a.At
		}
		if _, err := g.Apply(g.Seq+1, a); err != nil {
			return nil, err
		}
	}
	return g, nil
}

func stateKey(g *Game) string {
	k := fmt.Sprintf("%s r%d q%d p%d tie%v", g.Phase, g.RoundIdx, g.QIdx, g.pick, g.TieSides)
	if q := g.Q; q != nil {
		k += fmt.Sprintf(" pr%d fs%d lk%d wr%d an%d j%v v%v s%v f%d rv%d", len(q.Presses), len(q.False), len(q.Locked), len(q.Wrong), len(q.Answers), q.Judged, q.Voided, q.Scored, g.Floor(), q.RiskValue)
	}
	return k
}

// explore returns the edges observed and checks Legal in every state.
func explore(t *testing.T, k Kind) map[edge]bool {
	cfg := protocolConfig(k)
	moves := protocolMoves()
	seen := map[string]bool{}
	edges := map[edge]bool{{"start", CmdStartRound, PhaseIntro}: true}
	queue := [][]int{{}}
	for len(queue) > 0 && len(seen) < 5000 {
		path := queue[0]
		queue = queue[1:]
		g, err := play(cfg, k, path)
		if err != nil {
			t.Fatalf("%s: replay %v: %v", k, path, err)
		}
		key := stateKey(g)
		if seen[key] {
			continue
		}
		seen[key] = true
		legal := map[string]bool{}
		for _, c := range g.Legal() {
			legal[c] = true
		}
		accepted := map[string]bool{}
		for i, m := range moves {
			next := append(append([]int(nil), path...), i)
			h, err := play(cfg, k, next)
			if err != nil {
				continue
			}
			if m.a.Host && m.label != "clock" {
				accepted[m.label] = true
			}
			edges[edge{g.Phase, m.label, h.Phase}] = true
			if g.Phase != PhaseFinished {
				queue = append(queue, next)
			}
		}
		for _, c := range []string{CmdShow, CmdArm, CmdOpen, CmdClose, CmdJudge, CmdVoid, CmdReveal, CmdBoard, CmdNext, CmdFinish, CmdPick} {
			if legal[c] != accepted[c] {
				t.Errorf("%s, state %s: Legal lists %s: %v, Apply accepts it: %v", k, key, c, legal[c], accepted[c])
			}
		}
	}
	if len(queue) > 0 {
		t.Fatalf("%s: more than %d states", k, len(seen))
	}
	return edges
}

func TestProtocolDiagrams(t *testing.T) {
	docs := readDiagrams(t)
	for _, k := range []Kind{KindCompulsory, KindBuzzer, KindRisk, KindEveryone, KindTieBreak} {
		t.Run(string(k), func(t *testing.T) {
			d, ok := docs[k]
			if !ok {
				t.Fatalf("docs/live-protocol.md has no diagram with %%%% kind: %s", k)
			}
			got := explore(t, k)
			// the clock's moves are documented by the command they log
			norm := map[edge]bool{}
			for e := range got {
				if e.move == "clock" {
					e.move = CmdClose
					if e.from == PhaseClosed {
						e.move = CmdReveal
					}
				}
				norm[e] = true
			}
			var missing, extra []string
			for e := range norm {
				if !d.edges[e] {
					missing = append(missing, e.String())
				}
			}
			for e := range d.edges {
				if !norm[e] {
					extra = append(extra, e.String())
				}
			}
			sort.Strings(missing)
			sort.Strings(extra)
			if len(missing) > 0 {
				t.Errorf("the game makes moves the diagram lacks:\n    %s", strings.Join(missing, "\n    "))
			}
			if len(extra) > 0 {
				t.Errorf("the diagram promises moves the game refuses:\n    %s", strings.Join(extra, "\n    "))
			}
		})
	}
}

// TestProtocolPaths plays each diagram's documented main path (`%% path:`,
// a move may name its variant, e.g. judge/wrong): every step must be
// accepted and be an edge of the diagram.
func TestProtocolPaths(t *testing.T) {
	moves := protocolMoves()
	for k, d := range readDiagrams(t) {
		t.Run(string(k), func(t *testing.T) {
			if len(d.path) == 0 {
				t.Fatal("no %% path")
			}
			cfg := protocolConfig(k)
			var path []int
			g, _ := play(cfg, k, nil)
			for i, step := range d.path {
				label, variant, _ := strings.Cut(step, "/")
				done := false
				for j, m := range moves {
					if m.label != label || (variant != "" && m.variant != variant) {
						continue
					}
					h, err := play(cfg, k, append(append([]int(nil), path...), j))
					if err != nil || !d.edges[edge{g.Phase, label, h.Phase}] {
						continue
					}
					path, g, done = append(path, j), h, true
					break
				}
				if !done {
					t.Fatalf("step %d (%s) from %s: refused or not in the diagram", i, step, g.Phase)
				}
			}
		})
	}
}
