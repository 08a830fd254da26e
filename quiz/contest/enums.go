package contest

// EnumValue is one value of a configuration or protocol enum with what it
// means, for the API description (/api/openapi.json) and client authors.
type EnumValue struct {
	Value string
	Doc   string
}

// The enums of the contest configuration and the live protocol.
var (
	ModeValues = []EnumValue{
		{string(ModeTeam), "units compete as teams of 1–4 seated players"},
		{string(ModeIndividual), "everyone plays alone on a phone; joining is automatic"},
	}
	KindValues = []EnumValue{
		{string(KindCompulsory), "必答: each question belongs to one team in turn; show → open → judge (or the team's device answer) → reveal"},
		{string(KindBuzzer), "抢答: show → arm → presses → judge (rebound optional) or void → reveal; no open"},
		{string(KindRisk), "风险: the team whose turn it is picks a value from riskValues; right adds it, wrong deducts it"},
		{string(KindEveryone), "全员答题: show → open → answers → close (host or the deadline) → reveal; speed scoring"},
		{string(KindTieBreak), "加赛: a buzzer round for the tied sides only, started on demand with start_round {sides}"},
	}
	ScoringValues = []EnumValue{
		{string(ScoringFixed), "a right answer earns points"},
		{string(ScoringLinear), "round(points × (1 − (1 − minShare/100) × t/T)); minShare defaults to 0"},
		{string(ScoringKahoot), "Kahoot's rule, the same line with minShare defaulting to 50: points at once, half at the deadline"},
	}
	AggregateValues = []EnumValue{
		{string(AggregateMean), "a team gets the rounded mean of its seated players' points (default): teams of any size on one scale"},
		{string(AggregateSum), "a team gets the sum of its players' points"},
	}
	FalseStartValues = []EnumValue{
		{string(FalseStartIgnore), "a press before the armed instant is logged and has no effect"},
		{string(FalseStartLockout), "the side may not buzz on this question (default)"},
		{string(FalseStartDeduct), "lockout, and from the side's second false start in the round falseStartDeduct is taken"},
	}
	ScoreAtValues = []EnumValue{
		{string(ScoreAtReveal), "held points enter the scores at the reveal (default)"},
		{string(ScoreAtClose), "held points enter the scores when answering closes; the verdict still waits for the reveal"},
	}
	PhaseValues = []EnumValue{
		{string(PhaseLobby), "nothing started"},
		{string(PhaseIntro), "a round was started; its rules are shown"},
		{string(PhaseShown), "a question is shown (or read aloud); answering is not open"},
		{string(PhaseArmed), "buzzers armed for armAt; presses are ordered fairly"},
		{string(PhaseOpen), "answering is open (请回答, or the countdown to deadline)"},
		{string(PhaseClosed), "answering is over; waiting for the reveal"},
		{string(PhaseRevealed), "the answer, statistics and verdicts are shown; held points entered the scores"},
		{string(PhaseBoard), "the leaderboard is shown full screen"},
		{string(PhaseFinished), "the contest is over; podium with award tiers"},
	}
	CommandValues = []EnumValue{
		{CmdStartRound, "start round `round` (0-based); a tie-break names the tied `sides`"},
		{CmdPick, "risk rounds: the risk `value` of the next question's team"},
		{CmdShow, "show the round's next question"},
		{CmdArm, "buzzer rounds: arm the buzzers for armAt = now + armLead"},
		{CmdOpen, "请回答: open answering (everyone-answers rounds start the countdown)"},
		{CmdClose, "close answering (the server's clock sends it itself at the deadline)"},
		{CmdJudge, "judge the spoken answer (`right`) of the side with the floor or whose question it is"},
		{CmdVoid, "buzzer rounds: nobody pressed within voidAfter seconds"},
		{CmdReveal, "reveal the answer; held points enter the scores"},
		{CmdBoard, "show the leaderboard full screen"},
		{CmdNext, "the next question, else the next round, else finish"},
		{CmdFinish, "end the contest: podium and awards (irreversible)"},
		{CmdPause, "pause: actions other than resume, undo, adjust and board are refused; the deadline stops"},
		{CmdResume, "resume; an open deadline moves by the pause"},
		{CmdUndo, "reverse the last scoring action (`reason`)"},
		{CmdAdjust, "change a `side`'s score by `value` with a `reason`"},
	}
)
