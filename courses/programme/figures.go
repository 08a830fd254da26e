package programme

import (
	"math"
	"time"
)

// UnitFigures are one unit's figures over a date range.
type UnitFigures struct {
	UnitID   int64  `json:"unitId"`
	UnitName string `json:"unitName"`
	Staff    int    `json:"staff"`

	TasksAssigned int `json:"tasksAssigned"`
	TasksDone     int `json:"tasksDone"`
	TasksOverdue  int `json:"tasksOverdue"`

	Expected       int     `json:"expected"` // person-sessions the unit's enrolled people should attend
	Attended       int     `json:"attended"` // present or late
	Absent         int     `json:"absent"`
	AttendanceRate float64 `json:"attendanceRate"` // 0..1

	Hours float64 `json:"hours"`
	// Enrolled are the people enrolled in a class with a session in the
	// range: the people the hours are counted per (the hours rows list them).
	Enrolled       int     `json:"enrolled"`
	HoursPerPerson float64 `json:"hoursPerPerson"`
	Trained        int     `json:"trained"`      // people with credited hours
	Participants   int     `json:"participants"` // people who trained or took a quiz

	QuizAssigned  int     `json:"quizAssigned"`  // person-papers assigned
	QuizSubmitted int     `json:"quizSubmitted"` // person-papers with a submitted attempt
	QuizPassed    int     `json:"quizPassed"`    // person-papers passed
	QuizPassRate  float64 `json:"quizPassRate"`  // passed / assigned
	QuizAvg       float64 `json:"quizAvg"`       // mean percentage of the best submitted attempt

	Contests      int     `json:"contests"`      // contests the unit placed in
	BestPlace     int     `json:"bestPlace"`     // best rank, 0 none
	ContestPoints float64 `json:"contestPoints"` // mean PlacingPoints, 0..1
}

// Finish computes the rates from the counts.
func (u *UnitFigures) Finish() {
	u.AttendanceRate = round4(Share(u.Attended, u.Expected))
	if u.Enrolled > 0 {
		u.HoursPerPerson = math.Round(u.Hours/float64(u.Enrolled)*10) / 10
	}
	u.QuizPassRate = round4(Share(u.QuizPassed, u.QuizAssigned))
	u.QuizAvg = math.Round(u.QuizAvg*10) / 10
	u.ContestPoints = round4(u.ContestPoints)
}

func round4(v float64) float64 { return math.Round(v*10000) / 10000 }

// Components turns figures into the award formula's shares.
func (u UnitFigures) Components() Components {
	return Components{
		UnitID: u.UnitID, UnitName: u.UnitName, Staff: u.Staff,
		Tasks:         round4(Share(u.TasksDone, u.TasksAssigned)),
		Participation: round4(Share(u.Participants, u.Staff)),
		Attendance:    u.AttendanceRate,
		Quiz:          u.QuizPassRate,
		Contest:       u.ContestPoints,
	}
}

// AreaProgress is one capability area's task progress.
type AreaProgress struct {
	Area     Area   `json:"area"`
	Name     string `json:"name"`
	Assigned int    `json:"assigned"` // unit-tasks
	Done     int    `json:"done"`
	Overdue  int    `json:"overdue"`
}

// Placing is a side's place in a finished contest.
type Placing struct {
	Rank     int    `json:"rank"`
	Name     string `json:"name"`
	UnitID   int64  `json:"unitId"`
	UnitName string `json:"unitName"`
	Tier     string `json:"tier"`
}

// ContestResult is a finished contest with its podium.
type ContestResult struct {
	Kind    string    `json:"kind"` // live or judged
	ID      int64     `json:"id"`
	Title   string    `json:"title"`
	At      time.Time `json:"at"`
	Sides   int       `json:"sides"`
	Podium  []Placing `json:"podium"`
	Placing []Placing `json:"-"` // every side, for the units' figures
}

// Snapshot is the platform's figures over [From, To).
type Snapshot struct {
	From     time.Time       `json:"from"`
	To       time.Time       `json:"to"`
	AsOf     time.Time       `json:"asOf"`
	Units    []UnitFigures   `json:"units"`
	Areas    []AreaProgress  `json:"areas"`
	Contests []ContestResult `json:"contests"`
	Total    UnitFigures     `json:"total"`
	// Months are the range's figures per month, up to now.
	Months []Month `json:"months"`
	// ByUnit are each unit's own areas and months, for a unit's view.
	ByUnit map[int64]*UnitScope `json:"-"`
}

// UnitScope is one unit's task progress by area and its months.
type UnitScope struct {
	Areas       []AreaProgress
	Months      []Month
	MonthTenths []int // credited hours per month, in tenths
}

// Scope returns the unit's areas and months, made on first use.
func (s *Snapshot) Scope(unitID int64) *UnitScope {
	if s.ByUnit == nil {
		s.ByUnit = map[int64]*UnitScope{}
	}
	u := s.ByUnit[unitID]
	if u == nil {
		u = &UnitScope{Areas: make([]AreaProgress, len(Areas)), Months: make([]Month, len(s.Months)), MonthTenths: make([]int, len(s.Months))}
		for i, a := range Areas {
			u.Areas[i] = AreaProgress{Area: a, Name: a.Name()}
		}
		for i, m := range s.Months {
			u.Months[i].Month = m.Month
		}
		s.ByUnit[unitID] = u
	}
	return u
}

// Narrow keeps one unit: its row, its areas and its months, summed again.
func (s *Snapshot) Narrow(unitID int64) {
	keep := s.Units[:0]
	for _, u := range s.Units {
		if u.UnitID == unitID {
			keep = append(keep, u)
		}
	}
	s.Units = keep
	sc := s.Scope(unitID)
	for i := range sc.Months {
		sc.Months[i].Hours = math.Round(float64(sc.MonthTenths[i])) / 10
		sc.Months[i].AttendanceRate = Share(sc.Months[i].Attended, sc.Months[i].Expected)
	}
	s.Areas, s.Months = sc.Areas, sc.Months
	s.Sum()
}

// Month is one month of the year's trend.
type Month struct {
	Month          string  `json:"month"` // YYYY-MM
	Expected       int     `json:"expected"`
	Attended       int     `json:"attended"`
	AttendanceRate float64 `json:"attendanceRate"`
	Hours          float64 `json:"hours"`
	QuizSubmitted  int     `json:"quizSubmitted"`
	TasksDone      int     `json:"tasksDone"`
}

// Overview is the leadership dashboard.
type Overview struct {
	Year int `json:"year"`
	Snapshot
	Trend []Month `json:"trend"` // the year's months (Snapshot.Months)
}

// Sum adds the units' counts into the total and finishes every row.
func (s *Snapshot) Sum() {
	t := UnitFigures{UnitName: "全市"}
	avgW := 0.0
	for i := range s.Units {
		u := &s.Units[i]
		u.Finish()
		t.Staff += u.Staff
		t.TasksAssigned += u.TasksAssigned
		t.TasksDone += u.TasksDone
		t.TasksOverdue += u.TasksOverdue
		t.Expected += u.Expected
		t.Attended += u.Attended
		t.Absent += u.Absent
		t.Hours += u.Hours
		t.Enrolled += u.Enrolled
		t.Trained += u.Trained
		t.Participants += u.Participants
		t.QuizAssigned += u.QuizAssigned
		t.QuizSubmitted += u.QuizSubmitted
		t.QuizPassed += u.QuizPassed
		t.QuizAvg += u.QuizAvg * float64(u.QuizSubmitted)
		avgW += float64(u.QuizSubmitted)
		t.Contests += u.Contests
	}
	if avgW > 0 {
		t.QuizAvg /= avgW
	}
	t.Hours = math.Round(t.Hours*10) / 10
	t.Finish()
	s.Total = t
}

// Metric names the rows behind a dashboard number.
type Metric string

const (
	MetricAttendance Metric = "attendance" // who was absent (or excused) from what
	MetricHours      Metric = "hours"      // each enrolled person's credited hours
	MetricQuiz       Metric = "quiz"       // each person-paper with its result
	MetricTasks      Metric = "tasks"      // the unit's tasks with their state
	MetricContest    Metric = "contest"    // the unit's placings
)

// Valid reports whether m is known.
func (m Metric) Valid() bool {
	switch m {
	case MetricAttendance, MetricHours, MetricQuiz, MetricTasks, MetricContest:
		return true
	}
	return false
}

// RowFilter selects the rows behind a number.
type RowFilter struct {
	Metric Metric
	UnitID int64 // 0: every unit (organizers)
	Area   Area  // tasks only
	From   time.Time
	To     time.Time
	Limit  int
}

// Row is one line behind a number.
type Row struct {
	UserID   int64      `json:"userId,omitempty"`
	Person   string     `json:"person,omitempty"`
	UnitID   int64      `json:"unitId"`
	UnitName string     `json:"unitName"`
	What     string     `json:"what"`
	At       *time.Time `json:"at,omitempty"`
	Status   string     `json:"status"`
	Value    float64    `json:"value"`
}

// RowPage is the rows with a total (rows are capped at the limit).
type RowPage struct {
	Metric Metric `json:"metric"`
	Total  int    `json:"total"`
	Rows   []Row  `json:"rows"`
}
