package programme

import (
	"time"
)

// Area is one of the programme's six capability areas.
type Area string

const (
	AreaLaw          Area = "law"          // 依法行政
	AreaMarket       Area = "market"       // 市场掌控
	AreaEmergency    Area = "emergency"    // 应急处置
	AreaCoordination Area = "coordination" // 组织协调
	AreaStudy        Area = "study"        // 学习研究
	AreaInnovation   Area = "innovation"   // 工作创新
)

// Areas are the six areas in the plan's order.
var Areas = []Area{AreaLaw, AreaMarket, AreaEmergency, AreaCoordination, AreaStudy, AreaInnovation}

var areaNames = map[Area]string{
	AreaLaw: "依法行政", AreaMarket: "市场掌控", AreaEmergency: "应急处置",
	AreaCoordination: "组织协调", AreaStudy: "学习研究", AreaInnovation: "工作创新",
}

// Valid reports whether a is one of the six.
func (a Area) Valid() bool { _, ok := areaNames[a]; return ok }

// Name is the area's Chinese name.
func (a Area) Name() string { return areaNames[a] }

// Phase is a part of the year.
type Phase string

const (
	PhaseMobilization   Phase = "mobilization"   // 动员部署 Jan–Apr
	PhaseImplementation Phase = "implementation" // 组织实施 May–Nov
	PhaseSummary        Phase = "summary"        // 总结表彰 Dec
)

// PhaseOf is the phase a date falls in.
func PhaseOf(d time.Time) Phase {
	switch m := d.Month(); {
	case m <= time.April:
		return PhaseMobilization
	case m <= time.November:
		return PhaseImplementation
	}
	return PhaseSummary
}

// Evidence is what shows a task is done.
type Evidence string

const (
	EvidenceDocument Evidence = "document" // an uploaded document (activity plan, drill record)
	EvidenceBatch    Evidence = "batch"    // Target people of the unit enrolled in a class batch
	EvidencePaper    Evidence = "paper"    // Target people of the unit passed a quiz paper
	EvidenceContest  Evidence = "contest"  // the unit played in a finished live contest
	EvidenceJudging  Evidence = "judging"  // Target entries of the unit in a judged contest
	EvidenceReport   Evidence = "report"   // Target research reports of the unit this year
)

// Valid reports whether e is known.
func (e Evidence) Valid() bool {
	switch e {
	case EvidenceDocument, EvidenceBatch, EvidencePaper, EvidenceContest, EvidenceJudging, EvidenceReport:
		return true
	}
	return false
}

// Linked reports whether the platform's data decides the task (it then
// completes itself), as opposed to an uploaded document.
func (e Evidence) Linked() bool { return e.Valid() && e != EvidenceDocument }

// NeedsLink reports whether the evidence names a record (batch, paper,
// contest) by id.
func (e Evidence) NeedsLink() bool {
	return e == EvidenceBatch || e == EvidencePaper || e == EvidenceContest || e == EvidenceJudging
}

// Shanghai is the bureau's time zone: dates and months are local.
var Shanghai = time.FixedZone("CST", 8*3600)

// YearRange is [1 Jan, 1 Jan next year) of a year, local time.
func YearRange(year int) (time.Time, time.Time) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, Shanghai)
	return from, from.AddDate(1, 0, 0)
}
