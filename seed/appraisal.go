package seed

import (
	"context"
	"fmt"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/docfile"
)

// DemoAppraisal is the title of the demo document appraisal (issue 13).
const DemoAppraisal = "2026年度行政处罚案卷评查"

// DemoAppraisalSeed is the recorded seed of its assignment.
const DemoAppraisalSeed = 20261213

// appraisalJudges are its five judges (accounts of the speech panel).
var appraisalJudges = []string{"judge", "judge03", "judge04", "judge05", "judge06"}

// appraisalCases are made-up cases: every party, address and number is
// invented.
var appraisalCases = []struct{ party, act, law, penalty, kind string }{
	{"某某网络科技有限公司", "未经许可擅自从事网络出版服务", "《网络出版服务管理规定》第五十一条", "没收违法所得人民币3200元，并处罚款人民币10000元", "出版"},
	{"某某文化娱乐有限公司", "歌舞娱乐场所接纳未成年人", "《娱乐场所管理条例》第四十八条", "警告，并处罚款人民币5000元", "娱乐场所"},
	{"某某网吧", "互联网上网服务营业场所接纳未成年人", "《互联网上网服务营业场所管理条例》第三十一条", "警告，并处罚款人民币3000元", "网吧"},
	{"某某书店", "发行侵权复制品", "《中华人民共和国著作权法》第五十三条", "没收侵权复制品126册，并处罚款人民币2000元", "版权"},
	{"某某演艺有限公司", "未经批准擅自举办营业性演出", "《营业性演出管理条例》第四十三条", "没收违法所得人民币8000元，并处罚款人民币40000元", "演出"},
	{"某某印刷厂", "未按规定承印印刷品", "《印刷业管理条例》第三十九条", "警告，并处罚款人民币10000元", "出版"},
	{"某某文物商店", "未经许可经营文物", "《中华人民共和国文物保护法》第七十二条", "没收违法所得，并处罚款人民币50000元", "文物"},
	{"某某广播电视设备经营部", "擅自销售卫星地面接收设施", "《卫星电视广播地面接收设施管理规定》第十条", "没收设备12套，并处罚款人民币5000元", "广电"},
	{"某某游艺厅", "游艺娱乐场所设置具有赌博功能的游戏设施", "《娱乐场所管理条例》第四十三条", "没收游戏设施，并处罚款人民币20000元", "娱乐场所"},
	{"某某传媒有限公司", "未经许可从事网络视听节目服务", "《互联网视听节目服务管理规定》第二十四条", "警告，并处罚款人民币15000元", "广电"},
}

func demoDocument(i int, caseNo string) (string, []byte) {
	c := appraisalCases[i%len(appraisalCases)]
	if i%2 == 1 {
		return "案卷封面.pdf", DemoPDF("行政处罚案卷", []string{
			"案    号：" + caseNo,
			"案    由：" + c.act,
			"当 事 人：" + c.party,
			"处罚结果：" + c.penalty,
			"立案日期：2026年3月" + fmt.Sprint(2+i) + "日",
			"结案日期：2026年5月" + fmt.Sprint(6+i) + "日",
			"归档日期：2026年6月" + fmt.Sprint(1+i) + "日",
			"保管期限：长期",
			"本卷共 1 册 第 1 册",
			"（演示文书：当事人、案号均为虚构）",
		})
	}
	return "行政处罚决定书.pdf", DemoPDF("行政处罚决定书", []string{
		caseNo,
		"当事人：" + c.party,
		"统一社会信用代码：91370200MA3XXXXX" + fmt.Sprintf("%02d", i),
		"地址：某某市某某区某某路" + fmt.Sprint(10+i) + "号",
		"经查，当事人存在" + c.act + "的行为。",
		"上述事实有现场检查笔录、询问笔录、",
		"证据先行登记保存清单等证据为证。",
		"当事人的行为违反了相关规定，依据" + c.law + "，",
		"本机关决定给予如下行政处罚：",
		c.penalty + "。",
		"当事人应当自收到本决定书之日起十五日内缴纳罚款。",
		"如不服本决定，可在收到本决定书之日起六十日内",
		"申请行政复议，或者在六个月内依法提起行政诉讼。",
		"",
		"（演示文书：当事人、案号均为虚构）",
	})
}

// loadAppraisal creates the demo document appraisal through its
// services: the shipped standard (veto items included), five judges,
// twenty generated PDF documents of ten units, the assignment (two judges
// a document), reviewing open and half of the sheets submitted.
func loadAppraisal(ctx context.Context, accounts *account.Service, svc *judging.Service, ap *appraisal.Service) error {
	existing, err := svc.List(ctx, judging.Filter{Kind: judging.KindDocument})
	if err != nil {
		return fmt.Errorf("seed appraisal: %w", err)
	}
	for _, c := range existing {
		if c.Title == DemoAppraisal {
			return nil
		}
	}
	dir, err := readDirectory(ctx, accounts)
	if err != nil {
		return fmt.Errorf("seed appraisal: %w", err)
	}
	var panel []judging.Judge
	judges := map[int64]judging.Actor{}
	for _, acct := range appraisalJudges {
		u, ok := dir.byAcct[acct]
		if !ok {
			return fmt.Errorf("seed appraisal: judge %s is missing (the judging seed makes them)", acct)
		}
		panel = append(panel, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: u.UnitID})
		judges[u.ID] = judging.Actor{UserID: u.ID, Name: u.Name}
	}
	actor := dir.organizer()
	c, err := ap.Create(ctx, actor, DemoAppraisal, panel)
	if err != nil {
		return fmt.Errorf("seed appraisal: %w", err)
	}
	var entries []judging.Entry
	for i := 0; i < 20; i++ {
		s := speechSpeakers[i%len(speechSpeakers)]
		unit, uid := s.unit, dir.unitID[s.unit]
		if h, ok := dir.byAcct["unithead"]; ok && i >= 18 { // the demo unit head's unit submits too
			uid = h.UnitID
			for name, id := range dir.unitID {
				if id == uid {
					unit = name
				}
			}
		}
		entries = append(entries, judging.Entry{Name: fmt.Sprintf("执法员甲%02d、执法员乙%02d", i+1, i+1), Title: fmt.Sprintf("某文执罚〔2026〕%03d号", 101+i), UnitID: uid, Unit: unit,
			Category: appraisalCases[i%len(appraisalCases)].kind})
	}
	entries, err = svc.SetEntries(ctx, actor, c.ID, entries)
	if err != nil {
		return fmt.Errorf("seed appraisal: %w", err)
	}
	for i, e := range entries {
		name, data := demoDocument(i, e.Title)
		if _, _, err := ap.Upload(ctx, appraisal.Uploader{Actor: actor}, c.ID, e.ID, name, docfile.PDF, data, docfile.Hash(data), 10); err != nil {
			return fmt.Errorf("seed appraisal file: %w", err)
		}
	}
	as, err := ap.Assign(ctx, actor, c.ID, 2, DemoAppraisalSeed)
	if err != nil {
		return fmt.Errorf("seed appraisal: %w", err)
	}
	if _, err := svc.SetStatus(ctx, actor, c.ID, judging.StatusOpen); err != nil {
		return fmt.Errorf("seed appraisal: %w", err)
	}
	remarks := []string{"证据之间未能相互印证，缺少现场照片", "引用条款未具体到项", "送达回证缺少受送达人签名", "裁量理由未说明", "卷内目录填写不全"}
	marks := []map[string]map[string]int{
		{"evidence": {"chain": 1}, "law": {"cite": 1}},
		{"law": {"cite": 1}, "format": {"language": 2}},
		{"procedure": {"service": 1}, "archive": {"index": 1}},
		{"discretion": {"benchmark": 1}, "law": {"cite": 1}},
		{"archive": {"index": 1, "order": 1}, "evidence": {"record": 1}},
	}
	n := 0
	for i, e := range entries {
		if i%2 == 1 { // half of the documents, both sheets each: half of the sheets
			continue
		}
		for k, j := range as.Reviews[e.ID] {
			sh := judging.Sheet{Marks: marks[(i+k)%len(marks)], Comment: remarks[(i+k)%len(remarks)]}
			if n == 3 {
				sh.Vetoes = []judging.VetoMark{{Key: "evidence_lacking", Reason: "主要违法事实无证据证明"}}
			}
			if _, err := svc.Submit(ctx, judges[j], c.ID, e.ID, sh); err != nil {
				return fmt.Errorf("seed appraisal sheet: %w", err)
			}
			n++
		}
	}
	return nil
}
