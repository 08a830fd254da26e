package api

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/xlsx"
)

func (s *server) speakerTemplate(c *fiber.Ctx) error {
	data, err := xlsx.Write("选手", [][]string{judging.SpeakerColumns, {"1", "张三", "市局", "守护文化市场 护航美好生活"}})
	if err != nil {
		return err
	}
	return sendXLSX(c, "演讲选手导入模板.xlsx", data)
}

// speakerImport is the answer of an import: the rows read, the row errors
// and, for mode=import, the stored entries.
type speakerImport struct {
	judging.SpeakerReport
	Imported bool `json:"imported"`
}

// importSpeakers reads an uploaded speaker sheet. ?mode=preview (default)
// writes nothing; mode=import replaces the draft's entries with the rows,
// only when no row has an error (422 with the report otherwise).
func (s *server) importSpeakers(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	a := judgeActor(currentUser(c))
	x, err := s.Judging.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	if !judging.Owns(x, a) {
		return fault.Errorf(fault.Forbidden, "only the contest's organizer may do this")
	}
	rows, units, err := s.readRoster(c)
	if err != nil {
		return err
	}
	rep := judging.ParseSpeakers(rows, units)
	translateRowErrors(c, rep.Errors)
	out := speakerImport{SpeakerReport: rep}
	if c.Query("mode") != "import" {
		return c.JSON(out)
	}
	if len(rep.Errors) > 0 {
		return &fault.Error{Code: fault.Invalid, Message: "some rows have errors; nothing was imported", Details: out}
	}
	if len(rep.Entries) == 0 {
		return fault.InvalidField("file", "the sheet has no speakers")
	}
	stored, err := s.Judging.SetEntries(c.UserContext(), a, id, rep.Entries)
	if err != nil {
		return err
	}
	out.Entries, out.Imported = stored, true
	return c.JSON(out)
}

func fmtPoints(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// exportResults writes the ranked results and every judge's sheet.
func (s *server) exportResults(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	rep, err := s.results(c.UserContext(), u, id)
	if err != nil {
		return err
	}
	x := rep.Contest
	owns := judging.Owns(x, judgeActor(u))
	entry := map[int64]judging.Entry{}
	for _, e := range rep.Entries {
		entry[e.ID] = e
	}
	seats := len(x.Config.Panel)
	head := []string{"名次", "演讲顺序", "姓名", "单位", "题目", "最终得分", "精确得分", "超时扣分", "奖项", "否决", "并列处理"}
	for i := 1; i <= seats; i++ {
		head = append(head, "评委"+strconv.Itoa(i))
	}
	rows := [][]string{head}
	for _, r := range rep.Results {
		e := entry[r.EntryID]
		rank := ""
		if r.Rank > 0 {
			rank = strconv.Itoa(r.Rank)
		}
		veto := ""
		if r.Failed {
			veto = "一票否决：" + strings.Join(r.Vetoes, "；")
		}
		row := []string{rank, strconv.Itoa(e.Order), e.Name, e.Unit, e.Title, r.Display, strconv.FormatFloat(r.Score, 'f', 6, 64), fmtPoints(r.Overtime), r.Tier, veto, r.TieBy}
		marks := make([]string, seats)
		for _, m := range r.Marks {
			if m.Seat >= 1 && m.Seat <= seats {
				marks[m.Seat-1] = fmtPoints(m.Total)
				if m.Dropped {
					marks[m.Seat-1] += "（去掉）"
				}
			}
		}
		rows = append(rows, append(row, marks...))
	}
	sheetHead := []string{"姓名", "评委席位"}
	if owns {
		sheetHead = append(sheetHead, "评委")
	}
	for _, cr := range x.Config.Rubric.Criteria {
		sheetHead = append(sheetHead, cr.Name)
	}
	sheetHead = append(sheetHead, "总分", "扣分明细", "否决理由", "评语", "版本", "状态", "提交时间")
	sheetRows := [][]string{sheetHead}
	all, err := s.Judging.Sheets(c.UserContext(), judgeActor(u), id)
	if err != nil {
		return err
	}
	sort.SliceStable(all, func(i, j int) bool { return entry[all[i].EntryID].Order < entry[all[j].EntryID].Order })
	for _, sh := range all {
		j, _ := x.Config.JudgeOf(sh.JudgeID)
		row := []string{entry[sh.EntryID].Name, strconv.Itoa(j.Seat)}
		if owns {
			row = append(row, j.Name)
		}
		_, per := judging.Score(x.Config.Rubric, sh)
		for _, cr := range x.Config.Rubric.Criteria {
			row = append(row, fmtPoints(per[cr.Key].Points()))
		}
		var vetoes []string
		for _, v := range sh.Vetoes {
			vetoes = append(vetoes, v.Reason)
		}
		var deducted []string
		for _, d := range judging.Deductions(x.Config.Rubric, sh) {
			if t := d.Text(); t != "" {
				deducted = append(deducted, d.Name+"："+t)
			}
		}
		row = append(row, fmtPoints(sh.Total), strings.Join(deducted, "\n"), strings.Join(vetoes, "；"), sh.Comment, strconv.Itoa(sh.Version), string(sh.Status), sh.At.In(shanghai).Format("2006-01-02 15:04:05"))
		sheetRows = append(sheetRows, row)
	}
	data, err := xlsx.WriteBook([]xlsx.Sheet{{Name: "成绩", Rows: rows}, {Name: "评分表", Rows: sheetRows}})
	if err != nil {
		return err
	}
	return sendXLSX(c, x.Title+"-成绩.xlsx", data)
}
