import { describe, expect, it } from 'vitest'
import { fromConfig, newForm, newRound, newTeam, parseNumbers, roundConfig, roundError, teamErrors, toRequest } from '@/components/contest/contestForm'
import type { ContestConfig } from '@/types/contest'

describe('contest editor form', () => {
  it('parses value lists leniently', () => {
    expect(parseNumbers('10, 20，30、 40;50')).toEqual([10, 20, 30, 40, 50])
    expect(parseNumbers('10, x, 2.5, , 0')).toEqual([10])
    expect(parseNumbers('')).toEqual([])
  })

  it('sends only the rules a round kind uses', () => {
    const buzz = newRound('buzzer')
    buzz.falseStart = 'deduct'
    buzz.falseStartDeduct = 15
    expect(roundConfig(buzz, 'team')).toEqual({
      kind: 'buzzer', title: '抢答题', points: 20, deduct: 10, falseStart: 'deduct', falseStartDeduct: 15, rebound: true, voidAfter: 15,
      draw: { count: 5, type: 'single' },
    })
    const risk = newRound('risk')
    risk.deductOn = true
    risk.deduct = 5
    expect(roundConfig(risk, 'team')).toMatchObject({ kind: 'risk', points: 0, riskValues: [10, 20, 30] })
    expect(roundConfig(risk, 'team').deduct).toBeUndefined()
    const every = newRound('everyone')
    // one scale: the default everyone round is worth what a buzz is; teams take their members' mean
    expect(roundConfig(every, 'team')).toMatchObject({ scoring: 'kahoot', points: 20, timeLimit: 20, streak: true, aggregate: 'mean' })
    expect(roundConfig(every, 'team').minShare).toBeUndefined() // the kahoot default
    expect(roundConfig(every, 'individual').aggregate).toBeUndefined()
    every.minShare = 25
    every.autoReveal = true
    every.scoreAt = 'close'
    expect(roundConfig(every, 'individual')).toMatchObject({ minShare: 25, autoReveal: true, scoreAt: 'close' })
    const comp = newRound('compulsory')
    comp.deductOn = false
    comp.deduct = 10
    expect(roundConfig(comp, 'team').deduct).toBeUndefined()
    comp.source = 'fixed'
    comp.ids = '7, 3, 9'
    expect(roundConfig(comp, 'team').draw).toEqual({ ids: [7, 3, 9] })
    comp.ids = ''
    expect(roundConfig(comp, 'team').draw).toBeUndefined()
  })

  it('numbers teams, seats players with their captain and maps player errors to teams', () => {
    const f = newForm()
    f.title = ' 县级竞赛 '
    f.teams = [newTeam(), newTeam()]
    f.teams[0]!.name = '一队'
    f.teams[0]!.unitId = 5
    f.teams[0]!.players = [11, 12]
    f.teams[0]!.names = { 11: '甲', 12: '乙' }
    f.teams[0]!.captain = 12
    f.teams[1]!.name = '二队'
    f.teams[1]!.players = [21]
    f.teams[1]!.names = { 21: '丙' }
    const { body, playerTeam } = toRequest(f)
    expect(body.title).toBe('县级竞赛')
    expect(body.config.teams).toEqual([{ id: 1, name: '一队', unitId: 5 }, { id: 2, name: '二队' }])
    expect(body.config.players).toEqual([
      { userId: 11, name: '甲', teamId: 1 },
      { userId: 12, name: '乙', teamId: 1, captain: true },
      { userId: 21, name: '丙', teamId: 2 },
    ])
    expect(playerTeam).toEqual([0, 0, 1])
    const errors = { 'config.players[2].userId': 'players must be distinct users', 'config.teams[0].name': 'is required', 'config.rounds[1].questions[3]': 'a question needs a stem' }
    expect(teamErrors(errors, 1, playerTeam)).toBe('players must be distinct users')
    expect(teamErrors({ 'config.teams[1].players': 'seat 1 to 4 players on every team' }, 1, playerTeam)).toBe('seat 1 to 4 players on every team')
    expect(teamErrors(errors, 0, playerTeam)).toBe('') // the name error shows beside the name
    expect(teamErrors({ ...errors, 'config.players[1].teamId': 'a team seats at most 4 players', 'config.teams[0].id': 'team ids must be positive and distinct' }, 0, playerTeam)).toBe(
      'a team seats at most 4 players；team ids must be positive and distinct',
    )
    expect(roundError(errors, 1, 'questions')).toBe('a question needs a stem')
    expect(roundError(errors, 0, 'questions')).toBe('')
    expect(roundError(errors, 1, 'points')).toBe('')
  })

  it('round-trips a stored configuration', () => {
    const cfg: ContestConfig = {
      mode: 'team', baseScore: 100, tolerance: 120,
      teams: [{ id: 1, name: '一队', unitId: 3 }, { id: 2, name: '二队' }],
      players: [{ userId: 11, name: '甲', teamId: 1, captain: true }, { userId: 21, name: '丙', teamId: 2 }],
      rounds: [
        { kind: 'risk', title: '风险', points: 0, riskValues: [10, 30], highFirst: true, draw: { lawId: 4, domain: 'copyright', count: 4 } },
        { kind: 'buzzer', title: '抢答', points: 20, falseStart: 'ignore', hideQuestion: true, draw: { ids: [5, 6] } },
        { kind: 'everyone', title: '全员', points: 1000, scoring: 'linear', timeLimit: 15, aggregate: 'mean', questions: [{ type: 'judge', stem: '对吗', answer: 'T' }] },
      ],
      awards: [{ name: '一等奖', count: 1 }],
    }
    const f = fromConfig('题', cfg)
    expect(f.teams[0]!.captain).toBe(11)
    expect(f.rounds[1]!.source).toBe('fixed')
    expect(toRequest(f).body).toEqual({ title: '题', config: cfg })
    const ind = fromConfig('个人', { mode: 'individual', baseScore: 0, players: [{ userId: 9, name: '某' }], rounds: [{ kind: 'everyone', title: 'x', points: 100, scoring: 'fixed', timeLimit: 20, draw: { count: 3 } }] })
    expect(toRequest(ind).body.config).toEqual({ mode: 'individual', baseScore: 0, players: [{ userId: 9, name: '某' }], rounds: [{ kind: 'everyone', title: 'x', points: 100, scoring: 'fixed', timeLimit: 20, draw: { count: 3 } }] })
  })
})
