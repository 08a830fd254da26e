package api

import (
	"reflect"
	"strings"

	"github.com/weishi-dev/weishi/quiz/contest"
)

// openAPIEnums maps the string types that are enums to their values, so
// /api/openapi.json lists them (with what each means) wherever they occur.
var openAPIEnums = map[reflect.Type][]contest.EnumValue{
	reflect.TypeOf(contest.Mode("")):       contest.ModeValues,
	reflect.TypeOf(contest.Kind("")):       contest.KindValues,
	reflect.TypeOf(contest.Scoring("")):    contest.ScoringValues,
	reflect.TypeOf(contest.Aggregate("")):  contest.AggregateValues,
	reflect.TypeOf(contest.FalseStart("")): contest.FalseStartValues,
	reflect.TypeOf(contest.ScoreAt("")):    contest.ScoreAtValues,
	reflect.TypeOf(contest.Phase("")):      contest.PhaseValues,
}

// contestRoleValues are the roles of a contest socket (?role=).
var contestRoleValues = []contest.EnumValue{
	{Value: roleHost, Doc: "the contest's host or an admin: the host view with the answer, legal commands and ties"},
	{Value: roleScreen, Doc: "the big screen (host, organizers, admins): the public view"},
	{Value: rolePlayer, Doc: "a seated player (team mode) or anyone (individual mode): the public view and its own me"},
	{Value: roleAudience, Doc: "any logged-in user: the public view and the board"},
}

// enumSchema is a string schema listing values, their meanings in the
// description and in x-enum-descriptions.
func enumSchema(values []contest.EnumValue) map[string]any {
	enum := make([]string, len(values))
	docs := map[string]string{}
	lines := make([]string, len(values))
	for i, v := range values {
		enum[i], docs[v.Value] = v.Value, v.Doc
		lines[i] = "`" + v.Value + "`: " + v.Doc
	}
	return map[string]any{"type": "string", "enum": enum, "description": strings.Join(lines, "; "), "x-enum-descriptions": docs}
}

// contestSocketSchemas describe the live-contest websocket messages
// (docs/live-protocol.md) for the components of the API description.
func contestSocketSchemas() map[string]any {
	in := schemaOf(reflect.TypeOf(contestIn{}))
	props := in["properties"].(map[string]any)
	props["type"] = enumSchema([]contest.EnumValue{
		{Value: "time", Doc: "clock sync ping"}, {Value: "clock", Doc: "the device's measured offset and delay"},
		{Value: "sync", Doc: "ask for a snapshot"}, {Value: "cmd", Doc: "a host command (cmd)"},
		{Value: "press", Doc: "a buzzer press"}, {Value: "answer", Doc: "an answer (clientId, choice)"},
		{Value: "choose", Doc: "team risk rounds: the risk value of the team's next question"},
	})
	props["cmd"] = enumSchema(contest.CommandValues)
	props["clientId"] = map[string]any{"type": "string", "minLength": 1, "maxLength": contest.MaxClientID}
	return map[string]any{
		"ContestClientMessage": in,
		"ContestServerMessage": schemaOf(reflect.TypeOf(contestOut{})),
		"ContestSnapshot":      schemaOf(reflect.TypeOf(snapshotOut{})),
		"ContestRole":          enumSchema(contestRoleValues),
		"ContestCommand":       enumSchema(contest.CommandValues),
	}
}
