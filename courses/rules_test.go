package courses

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
)

func at(hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-05-11 "+hhmm, Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func slot(id int64, from, to string, mods ...func(*Slot)) Slot {
	s := Slot{SessionID: id, Label: "s", Start: at(from), End: at(to)}
	for _, m := range mods {
		m(&s)
	}
	return s
}

func venue(v string) func(*Slot)    { return func(s *Slot) { s.Venue = v } }
func lecturer(l string) func(*Slot) { return func(s *Slot) { s.Lecturer = l } }
func people(p ...int64) func(*Slot) { return func(s *Slot) { s.People = p } }
func cancelled(s *Slot)             { s.Cancelled = true }
func batch(from, to string) func(*Slot) {
	return func(s *Slot) { s.BatchStart, s.BatchEnd = from, to }
}

func kinds(cs []Clash) []string {
	var out []string
	for _, c := range cs {
		out = append(out, string(c.Kind))
	}
	return out
}

func TestDetectClashes(t *testing.T) {
	tests := []struct {
		name    string
		changed []Slot
		others  []Slot
		want    []string
	}{
		{"nothing", []Slot{slot(1, "09:00", "11:00")}, nil, nil},
		{"same venue overlapping", []Slot{slot(1, "09:00", "11:00", venue("A101"))}, []Slot{slot(2, "10:00", "12:00", venue("A101"))}, []string{"venue"}},
		{"venue case and spaces ignored", []Slot{slot(1, "09:00", "11:00", venue(" a101 "))}, []Slot{slot(2, "10:00", "12:00", venue("A101"))}, []string{"venue"}},
		{"same venue back to back is fine", []Slot{slot(1, "09:00", "11:00", venue("A101"))}, []Slot{slot(2, "11:00", "12:00", venue("A101"))}, nil},
		{"same venue one minute overlap", []Slot{slot(1, "09:00", "11:01", venue("A101"))}, []Slot{slot(2, "11:00", "12:00", venue("A101"))}, []string{"venue"}},
		{"different venues", []Slot{slot(1, "09:00", "11:00", venue("A101"))}, []Slot{slot(2, "09:00", "11:00", venue("B202"))}, nil},
		{"empty venue never clashes", []Slot{slot(1, "09:00", "11:00")}, []Slot{slot(2, "09:00", "11:00")}, nil},
		{"lecturer double-booked", []Slot{slot(1, "09:00", "11:00", lecturer("张教授"))}, []Slot{slot(2, "10:30", "11:30", lecturer("张教授"))}, []string{"lecturer"}},
		{"person in both", []Slot{slot(1, "09:00", "11:00", people(5, 6))}, []Slot{slot(2, "10:00", "12:00", people(6, 7))}, []string{"person"}},
		{"no shared person", []Slot{slot(1, "09:00", "11:00", people(5))}, []Slot{slot(2, "10:00", "12:00", people(7))}, nil},
		{"all three at once", []Slot{slot(1, "09:00", "11:00", venue("A"), lecturer("L"), people(1))}, []Slot{slot(2, "09:00", "11:00", venue("A"), lecturer("L"), people(1))}, []string{"venue", "lecturer", "person"}},
		{"contained interval", []Slot{slot(1, "09:00", "17:00", venue("A"))}, []Slot{slot(2, "10:00", "10:30", venue("A"))}, []string{"venue"}},
		{"cancelled other ignored", []Slot{slot(1, "09:00", "11:00", venue("A"))}, []Slot{slot(2, "09:00", "11:00", venue("A"), cancelled)}, nil},
		{"cancelled changed ignored", []Slot{slot(1, "09:00", "11:00", venue("A"), cancelled)}, []Slot{slot(2, "09:00", "11:00", venue("A"))}, nil},
		{"old version of itself skipped", []Slot{slot(1, "09:00", "11:00", venue("A"))}, []Slot{slot(1, "09:00", "11:00", venue("A"))}, nil},
		{"unsaved sessions do not skip each other", []Slot{slot(0, "09:00", "11:00", venue("A"))}, []Slot{slot(0, "09:00", "11:00", venue("A"))}, []string{"venue"}},
		{"changed against changed", []Slot{slot(0, "09:00", "11:00", venue("A")), slot(0, "10:00", "12:00", venue("A"))}, nil, []string{"venue"}},
		{"inside batch", []Slot{slot(1, "09:00", "11:00", batch("2026-05-11", "2026-05-11"))}, nil, nil},
		{"before batch", []Slot{slot(1, "09:00", "11:00", batch("2026-05-12", "2026-05-15"))}, nil, []string{"outside_batch"}},
		{"after batch", []Slot{slot(1, "09:00", "11:00", batch("2026-05-01", "2026-05-10"))}, nil, []string{"outside_batch"}},
		{"ends after midnight of last day", []Slot{{SessionID: 1, Start: at("23:00"), End: at("23:00").Add(2 * time.Hour), BatchStart: "2026-05-11", BatchEnd: "2026-05-11"}}, nil, []string{"outside_batch"}},
		{"no batch dates no check", []Slot{slot(1, "09:00", "11:00")}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := kinds(DetectClashes(tt.changed, tt.others))
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDetectClashesPeopleAndIDs(t *testing.T) {
	got := DetectClashes([]Slot{slot(3, "09:00", "11:00", people(9, 4, 5))}, []Slot{slot(7, "10:00", "12:00", people(5, 9, 8))})
	if len(got) != 1 || got[0].SessionID != 3 || got[0].OtherID != 7 || !reflect.DeepEqual(got[0].People, []int64{5, 9}) {
		t.Fatalf("got %+v", got)
	}
}

func TestWindowJudge(t *testing.T) {
	w := Window{OpensBeforeMin: 30, ClosesAfterMin: 60, GraceMin: 10}
	start := at("09:00")
	tests := []struct {
		now    string
		want   Status
		errMsg string
	}{
		{"08:29", "", ErrTooEarly.Message},
		{"08:30", Present, ""},
		{"08:59", Present, ""},
		{"09:00", Present, ""},
		{"09:10", Present, ""},
		{"09:11", Late, ""},
		{"10:00", Late, ""},
		{"10:01", "", ErrTooLate.Message},
		{"15:00", "", ErrTooLate.Message},
	}
	for _, tt := range tests {
		t.Run(tt.now, func(t *testing.T) {
			got, err := w.Judge(start, at(tt.now))
			if tt.errMsg != "" {
				e, ok := fault.As(err)
				if !ok || e.Message != tt.errMsg || e.Details == nil {
					t.Fatalf("err = %v, want %q with details", err, tt.errMsg)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	// Zero grace: one second late is late.
	if s, _ := (Window{OpensBeforeMin: 0, ClosesAfterMin: 5}).Judge(start, start.Add(time.Second)); s != Late {
		t.Fatalf("zero grace: %q", s)
	}
}

func TestTokens(t *testing.T) {
	tk := Tokens{Secret: []byte("secret-one")}
	other := Tokens{Secret: []byte("secret-two")}
	base := time.Unix(1_780_000_020, 0) // on a step boundary (divisible by 30)
	tok, until := tk.Issue(42, base.Add(5*time.Second))
	if !until.Equal(base.Add(30 * time.Second)) {
		t.Fatalf("until = %v", until)
	}
	forgedSig := tok[:len(tok)-2] + "AA"
	parts := strings.Split(tok, ".")
	otherSession := "1b." + parts[1] + "." + parts[2] // id 47 with 42's mac
	otherTok, _ := other.Issue(42, base)
	tests := []struct {
		name  string
		token string
		now   time.Time
		want  error
	}{
		{"same step", tok, base.Add(29 * time.Second), nil},
		{"next step still accepted", tok, base.Add(59 * time.Second), nil},
		{"two steps later expired", tok, base.Add(60 * time.Second), ErrExpired},
		{"from the future", tok, base.Add(-time.Second), ErrExpired},
		{"forged signature", forgedSig, base, ErrForged},
		{"mac of another session", otherSession, base, ErrForged},
		{"other secret", otherTok, base, ErrForged},
		{"garbage", "hello", base, ErrForged},
		{"empty", "", base, ErrForged},
		{"bad number", "zz!.1.abc", base, ErrForged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := tk.Verify(tt.token, tt.now)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want == nil && id != 42 {
				t.Fatalf("id = %d", id)
			}
		})
	}
	if _, err := (Tokens{}).Verify(tok, base); err != ErrForged {
		t.Fatal("an empty secret must refuse everything")
	}
	t2, _ := tk.Issue(42, base.Add(30*time.Second))
	if t2 == tok {
		t.Fatal("token did not rotate")
	}
}

func TestPlaceAndPromotions(t *testing.T) {
	w := func(id, pos int64) Enrolment { return Enrolment{UserID: id, Position: pos, State: Waitlisted} }
	tests := []struct {
		name               string
		capacity, enrolled int
		waitlist           []Enrolment
		want               []int64
	}{
		{"full", 2, 2, []Enrolment{w(1, 1)}, nil},
		{"over full", 2, 3, []Enrolment{w(1, 1)}, nil},
		{"one free", 3, 2, []Enrolment{w(7, 2), w(5, 1)}, []int64{5}},
		{"two free in order", 4, 2, []Enrolment{w(7, 3), w(5, 1), w(9, 2)}, []int64{5, 9}},
		{"more room than waiting", 10, 2, []Enrolment{w(7, 3)}, []int64{7}},
		{"skips non-waitlisted", 3, 2, []Enrolment{{UserID: 3, Position: 0, State: Requested}, w(5, 1)}, []int64{5}},
		{"empty", 3, 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Promotions(tt.capacity, tt.enrolled, tt.waitlist); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v want %v", got, tt.want)
			}
		})
	}
	for _, c := range []struct {
		cap, n int
		want   EnrolState
	}{{1, 0, Enrolled}, {1, 1, Waitlisted}, {30, 29, Enrolled}, {30, 31, Waitlisted}} {
		if got := Place(c.cap, c.n); got != c.want {
			t.Errorf("Place(%d,%d) = %s", c.cap, c.n, got)
		}
	}
}

func TestSumHours(t *testing.T) {
	got := SumHours([]Credit{
		{Year: 2026, Kind: KindLegalTopical, Domains: []quiz.Domain{quiz.DomainPress}, Hours: 3, Status: Present},
		{Year: 2026, Kind: KindLegalTopical, Domains: []quiz.Domain{quiz.DomainPress}, Hours: 2.5, Status: Late},
		{Year: 2026, Kind: KindLegalTopical, Domains: []quiz.Domain{quiz.DomainPress}, Hours: 4, Status: Absent},
		{Year: 2026, Kind: KindLegalTopical, Domains: []quiz.Domain{quiz.DomainPress}, Hours: 4, Status: Excused},
		{Year: 2026, Kind: KindLecture, Hours: 2, Status: Present},
		{Year: 2025, Kind: KindDrill, Domains: []quiz.Domain{quiz.DomainInternet, quiz.DomainPress}, Hours: 1, Status: Present},
		{Year: 2026, Kind: KindOther, Hours: 0, Status: Present},
	})
	want := []HoursLine{
		{HoursKey{2026, KindLegalTopical, quiz.DomainPress}, 5.5},
		{HoursKey{2026, KindLecture, quiz.DomainGeneral}, 2},
		{HoursKey{2025, KindDrill, quiz.DomainInternet}, 1},
		{HoursKey{2025, KindDrill, quiz.DomainPress}, 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

func TestCompleted(t *testing.T) {
	tests := []struct {
		name                       string
		sessions, attended, thresh int
		quizReq, quizOK            bool
		want                       bool
	}{
		{"all attended", 4, 4, 80, false, false, true},
		{"exactly threshold", 5, 4, 80, false, false, true},
		{"below threshold", 5, 3, 80, false, false, false},
		{"rounding does not help", 3, 2, 67, false, false, false},
		{"66 of 100 at 66", 100, 66, 66, false, false, true},
		{"no sessions", 0, 0, 80, false, false, false},
		{"quiz required not passed", 4, 4, 80, true, false, false},
		{"quiz required passed", 4, 4, 80, true, true, true},
		{"quiz passed but absent", 4, 1, 80, true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Completed(tt.sessions, tt.attended, tt.thresh, tt.quizReq, tt.quizOK); got != tt.want {
				t.Fatalf("got %v", got)
			}
		})
	}
}

func TestCalendar(t *testing.T) {
	stamp := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	long := strings.Repeat("行政处罚法", 30)
	cal := string(Calendar("我的培训", []Event{
		{UID: "session-1@weishi", Start: at("09:00"), End: at("11:30"), Summary: "a; b, c\\d\nnext", Location: long, Sequence: 2},
		{UID: "session-2@weishi", Start: at("14:00"), End: at("16:00"), Summary: "x", Cancelled: true},
	}, stamp))
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "UID:session-1@weishi\r\n",
		"DTSTART:20260511T010000Z\r\n", "DTEND:20260511T033000Z\r\n",
		`SUMMARY:a\; b\, c\\d\nnext` + "\r\n", "SEQUENCE:2\r\n", "STATUS:CANCELLED\r\n", "END:VCALENDAR\r\n",
	} {
		if !strings.Contains(cal, want) {
			t.Errorf("missing %q in\n%s", want, cal)
		}
	}
	for _, l := range strings.Split(cal, "\r\n") {
		if len(l) > 75 {
			t.Errorf("line longer than 75 octets: %d", len(l))
		}
		if !utf8.ValidString(l) {
			t.Errorf("fold split a character: %q", l)
		}
	}
	unfolded := strings.ReplaceAll(cal, "\r\n ", "")
	if !strings.Contains(unfolded, "LOCATION:"+long+"\r\n") {
		t.Error("unfolding does not give the location back")
	}
	if strings.Contains(strings.ReplaceAll(cal, "\r\n", ""), "\n") {
		t.Error("bare LF in output")
	}
}

func TestWindowSettled(t *testing.T) {
	start := at("09:00")
	tests := []struct {
		closes   int
		end, now string
		want     bool
	}{
		{60, "11:00", "08:00", false}, // not started
		{60, "11:00", "09:30", false}, // running, window open
		{60, "11:00", "10:30", false}, // running, window closed
		{60, "11:00", "11:00", true},  // ended at 11:00, window closed at 10:00
		{60, "09:30", "09:45", false}, // ended, window still open
		{60, "09:30", "10:00", false}, // the window's last minute still counts (Judge accepts 10:00)
		{60, "09:30", "10:01", true},
		{0, "09:30", "09:30", true},
		{1440, "11:00", "23:00", false},
	}
	for _, tt := range tests {
		if got := (Window{ClosesAfterMin: tt.closes}).Settled(start, at(tt.end), at(tt.now)); got != tt.want {
			t.Errorf("closes %d end %s now %s: settled %v, want %v", tt.closes, tt.end, tt.now, got, tt.want)
		}
	}
	// Every check-in refusal names its reason for the page.
	for _, e := range []*fault.Error{ErrTooEarly, ErrTooLate, ErrForged, ErrExpired, ErrCancelled, ErrNotEnrolled} {
		if d, ok := e.Details.(map[string]any); !ok || d["reason"] == "" || d["reason"] == nil {
			t.Errorf("%q has no reason", e.Message)
		}
	}
}

func TestPersonRate(t *testing.T) {
	tests := []struct {
		p      PersonRate
		want   float64
		wantOK bool
	}{
		{PersonRate{}, 0, false},
		{PersonRate{Expected: 4, Present: 3, Late: 1}, 1, true},
		{PersonRate{Expected: 4, Present: 1, Late: 1, Excused: 1, Absent: 1}, 0.5, true},
		{PersonRate{Expected: 3, Absent: 3}, 0, true},
	}
	for _, tt := range tests {
		if got, ok := tt.p.Rate(); got != tt.want || ok != tt.wantOK {
			t.Errorf("%+v: %v %v, want %v %v", tt.p, got, ok, tt.want, tt.wantOK)
		}
	}
}
