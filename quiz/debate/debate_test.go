package debate

import (
	"math"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

func testMatch() Match {
	return Match{ID: 7, Round: 1, Pro: 1, Con: 2, Motion: "执法应当以教育为主",
		Lineup: map[Side][Debaters]int64{Pro: {11, 12, 13, 14}, Con: {21, 22, 23, 24}},
		Judges: []int64{101, 102, 103}}
}

// fullBallot gives every stage s points, overall o, each debater base+position.
func fullBallot(f Format, judge int64, pro, con float64, winner Side) Ballot {
	b := Ballot{MatchID: 7, JudgeID: judge, Stages: map[string]map[Side]float64{}, Overall: map[Side]float64{Pro: pro, Con: con},
		Speakers: map[int64]float64{}, Winner: winner}
	for _, st := range f.Stages {
		b.Stages[st.Key] = map[Side]float64{Pro: 30, Con: 30}
	}
	for i, d := range []int64{11, 12, 13, 14, 21, 22, 23, 24} {
		b.Speakers[d] = 40 + float64(i%4)
	}
	return b
}

func TestFormatValidate(t *testing.T) {
	if err := DefaultFormat().Validate(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		edit  func(*Format)
		field string
	}{
		{"no stages", func(f *Format) { f.Stages = nil }, "stages"},
		{"dup key", func(f *Format) { f.Stages[1].Key = f.Stages[0].Key }, "stages[1].key"},
		{"bad kind", func(f *Format) { f.Stages[0].Kind = "x" }, "stages[0].kind"},
		{"short stage", func(f *Format) { f.Stages[0].Seconds = 5 }, "stages[0].seconds"},
		{"nan max", func(f *Format) { f.Stages[0].Max = math.NaN() }, "stages[0].max"},
		{"two free", func(f *Format) { f.Stages[0].Kind = StageFree }, "stages"},
		{"no parts", func(f *Format) { f.Parts = Parts{} }, "parts"},
		{"votes without vote", func(f *Format) { f.Parts.Vote = false }, "outcome"},
		{"score without team scores", func(f *Format) { f.Outcome = ByScore; f.Parts.Stages, f.Parts.Overall = false, false }, "outcome"},
		{"bad outcome", func(f *Format) { f.Outcome = "coin" }, "outcome"},
		{"best by votes without vote", func(f *Format) { f.Best = BestByVotes }, "best"},
		{"best by scores without individual", func(f *Format) { f.Parts.Individual = false }, "best"},
		{"trim 0", func(f *Format) { f.Aggregation.Method = judging.MethodTrimmed }, "aggregation.trim"},
		{"overall max 0", func(f *Format) { f.OverallMax = 0 }, "overallMax"},
		{"bad method", func(f *Format) { f.Aggregation.Method = "median" }, "aggregation.method"},
	}
	for _, c := range cases {
		f := DefaultFormat()
		c.edit(&f)
		e, ok := fault.As(f.Validate())
		if !ok || e.Code != fault.Invalid || e.Fields[c.field] == "" {
			t.Errorf("%s: want field %s, got %v", c.name, c.field, e)
		}
	}
}

func TestCheckBallot(t *testing.T) {
	f := DefaultFormat()
	m := testMatch()
	if err := CheckBallot(f, m, fullBallot(f, 101, 80, 70, Pro)); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		f     func(*Format)
		edit  func(*Ballot)
		field string
	}{
		{"stage over max", nil, func(b *Ballot) { b.Stages["opening"][Pro] = 41 }, "stages.opening.pro"},
		{"stage negative", nil, func(b *Ballot) { b.Stages["free"][Con] = -1 }, "stages.free.con"},
		{"stage missing", nil, func(b *Ballot) { delete(b.Stages["closing"], Con) }, "stages.closing.con"},
		{"unknown stage", nil, func(b *Ballot) { b.Stages["x"] = map[Side]float64{Pro: 1} }, "stages.x"},
		{"bad side", nil, func(b *Ballot) { b.Stages["opening"]["neutral"] = 1 }, "stages.opening.neutral"},
		{"off step", nil, func(b *Ballot) { b.Overall[Pro] = 80.3 }, "overall.pro"},
		{"overall NaN", nil, func(b *Ballot) { b.Overall[Con] = math.NaN() }, "overall.con"},
		{"overall inf", nil, func(b *Ballot) { b.Overall[Con] = math.Inf(1) }, "overall.con"},
		{"speaker over", nil, func(b *Ballot) { b.Speakers[13] = 50.5 }, "speakers.13"},
		{"speaker missing", nil, func(b *Ballot) { delete(b.Speakers, 24) }, "speakers.24"},
		{"stranger", nil, func(b *Ballot) { b.Speakers[99] = 10 }, "speakers.99"},
		{"no vote", nil, func(b *Ballot) { b.Winner = "" }, "winner"},
		{"vote against own scores", func(f *Format) { f.Outcome = ByScore }, func(b *Ballot) { b.Winner = Con }, "winner"},
		{"best vote not asked", nil, func(b *Ballot) { b.Best = 11 }, "best"},
		{"best vote stranger", func(f *Format) { f.Parts.BestVote = true }, func(b *Ballot) { b.Best = 99 }, "best"},
		{"vote not asked", func(f *Format) { f.Parts.Vote = false; f.Outcome = ByScore }, func(b *Ballot) {}, "winner"},
		{"stages not asked", func(f *Format) { f.Parts.Stages = false }, func(b *Ballot) {}, "stages"},
		{"speakers not asked", func(f *Format) { f.Parts.Individual = false; f.Best = "" }, func(b *Ballot) {}, "speakers"},
		{"comment control", nil, func(b *Ballot) { b.Comment = "a\x00b" }, "comment"},
	}
	for _, c := range cases {
		ff := DefaultFormat()
		if c.f != nil {
			c.f(&ff)
		}
		b := fullBallot(ff, 101, 80, 70, Pro)
		c.edit(&b)
		e, ok := fault.As(CheckBallot(ff, m, b))
		if !ok || e.Code != fault.Invalid || e.Fields[c.field] == "" {
			t.Errorf("%s: want field %s, got %v", c.name, c.field, e)
		}
	}
	// a subset: only the vote
	ff := DefaultFormat()
	ff.Parts = Parts{Vote: true}
	ff.Best = ""
	if err := CheckBallot(ff, m, Ballot{MatchID: 7, JudgeID: 1, Winner: Con}); err != nil {
		t.Fatalf("vote-only ballot: %v", err)
	}
}

func TestDecide(t *testing.T) {
	f := DefaultFormat()
	m := testMatch()
	votes := []Ballot{fullBallot(f, 101, 80, 70, Pro), fullBallot(f, 102, 60, 90, Con), fullBallot(f, 103, 75, 74, Pro)}
	o, err := Decide(f, m, votes)
	if err != nil {
		t.Fatal(err)
	}
	// votes 2–1 for pro though con's mean total is higher (150+ (80+60+75)/3 vs 150+(70+90+74)/3)
	if o.Winner != Pro || o.DecidedBy != ByVotes || o.Votes[Pro] != 2 || o.Votes[Con] != 1 {
		t.Fatalf("by votes: %+v", o)
	}
	if o.Display[Pro] != "221.67" || o.Display[Con] != "228.00" {
		t.Fatalf("totals %v", o.Display)
	}
	f.Outcome = ByScore
	o, _ = Decide(f, m, votes)
	if o.Winner != Con || o.DecidedBy != ByScore {
		t.Fatalf("by score: %+v", o)
	}
	// trimmed mean reuses judging's aggregation: drop 60/90-ballot extremes per side
	f.Aggregation = judging.Aggregation{Method: judging.MethodTrimmed, Trim: 1, Precision: 2}
	o, _ = Decide(f, m, votes)
	if o.Display[Pro] != "225.00" || o.Display[Con] != "224.00" || o.Winner != Pro {
		t.Fatalf("trimmed: %+v", o.Display)
	}
	if _, err := Decide(f, m, votes[:2]); !fault.Is(err, fault.Conflict) {
		t.Fatalf("trimmed over 2 ballots: %v", err)
	}
	// an even vote falls back to the totals; level totals leave no winner
	f = DefaultFormat()
	o, _ = Decide(f, m, votes[:2])
	if o.Winner != Con || o.DecidedBy != ByScore {
		t.Fatalf("split 1–1: %+v", o)
	}
	o, _ = Decide(f, m, []Ballot{fullBallot(f, 101, 80, 80, Pro), fullBallot(f, 102, 80, 80, Con)})
	if o.Winner != "" {
		t.Fatalf("level: %+v", o)
	}
	// duplicates and other matches' ballots are ignored
	other := fullBallot(f, 104, 0, 100, Con)
	other.MatchID = 8
	o, _ = Decide(f, m, append([]Ballot{votes[0], votes[0], other}, votes[1:]...))
	if o.Ballots != 3 {
		t.Fatalf("ballots %d", o.Ballots)
	}
	if o, _ := Decide(f, m, nil); o.Ballots != 0 || o.Winner != "" {
		t.Fatalf("no ballots: %+v", o)
	}
}

func TestBestDebater(t *testing.T) {
	f := DefaultFormat()
	m := testMatch()
	bs := []Ballot{fullBallot(f, 101, 80, 70, Pro), fullBallot(f, 102, 80, 70, Pro)}
	// positions 4 (14 and 24) tie at 43 by scores
	o, _ := Decide(f, m, bs)
	if o.Best != 0 || len(o.BestTied) != 2 {
		t.Fatalf("tie: %+v %v", o.Best, o.BestTied)
	}
	bs[0].Speakers[24] = 45
	o, _ = Decide(f, m, bs)
	if o.Best != 24 {
		t.Fatalf("by scores: %d", o.Best)
	}
	f.Parts.BestVote, f.Best = true, BestByVotes
	bs[0].Best, bs[1].Best = 12, 12
	o, _ = Decide(f, m, bs)
	if o.Best != 12 {
		t.Fatalf("by votes: %d", o.Best)
	}
	// by votes, a tie on votes goes to the better score
	bs[1].Best = 24
	o, _ = Decide(f, m, bs)
	if o.Best != 24 {
		t.Fatalf("votes tie → scores: %d", o.Best)
	}
	for _, s := range o.Speakers {
		if s.DebaterID == 24 && (s.Display != "44.00" || s.Position != 4 || s.Side != Con || s.Votes != 1) {
			t.Fatalf("speaker %+v", s)
		}
	}
}

func TestCanBallot(t *testing.T) {
	m := testMatch()
	teams := map[int64]Team{1: {ID: 1, UnitID: 5}, 2: {ID: 2, UnitID: 6}}
	if err := CanBallot(m, 101, 7, teams); err != nil {
		t.Fatal(err)
	}
	if err := CanBallot(m, 999, 7, teams); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("not on match: %v", err)
	}
	if err := CanBallot(m, 101, 6, teams); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("own unit: %v", err)
	}
	if Recusal(0, m, teams) != "" || Recusal(5, m, teams) != Pro {
		t.Fatal("recusal")
	}
	m.Locked = true
	if err := CanBallot(m, 101, 7, teams); !fault.Is(err, fault.Conflict) {
		t.Fatalf("locked: %v", err)
	}
}

func TestChessClock(t *testing.T) {
	t0 := time.Unix(1000, 0)
	c := NewChessClock(60)
	if _, err := c.Start("x", t0); !fault.Is(err, fault.Invalid) {
		t.Fatal("bad side")
	}
	c, _ = c.Start(Pro, t0)
	c = c.Switch(t0.Add(20 * time.Second))
	r := c.Remaining(t0.Add(30 * time.Second))
	if r[Pro] != 40*time.Second || r[Con] != 50*time.Second || c.Running != Con {
		t.Fatalf("%v %s", r, c.Running)
	}
	c = c.Pause(t0.Add(30 * time.Second))
	if r := c.Remaining(t0.Add(time.Hour)); r[Con] != 50*time.Second {
		t.Fatalf("paused clock moved: %v", r)
	}
	c, _ = c.Start(Con, t0.Add(100*time.Second))
	c = c.Switch(t0.Add(200 * time.Second)) // con ran out at 150 s
	if c.Running != Pro || c.Remaining(t0.Add(200 * time.Second))[Con] != 0 {
		t.Fatalf("%+v", c)
	}
	c = c.Switch(t0.Add(210 * time.Second)) // con has no time: pro keeps the floor
	if c.Running != Pro {
		t.Fatalf("switch to an empty clock: %s", c.Running)
	}
	if _, err := c.Pause(t0.Add(210*time.Second)).Start(Con, t0.Add(211*time.Second)); !fault.Is(err, fault.Conflict) {
		t.Fatal("start an empty clock")
	}
	if !c.Done(t0.Add(time.Hour)) || c.Done(t0.Add(210*time.Second)) {
		t.Fatal("done")
	}
}
