import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The project builds on Node 22 LTS: the engines field and the Docker build
// stage must agree (.ci/run installs Node 22 where the machine's is older).
const major = (v: string): number => Number(/(\d+)/.exec(v)?.[1] ?? 0)
const pkg = JSON.parse(readFileSync(resolve(process.cwd(), 'package.json'), 'utf8')) as { engines: { node: string } }
const dockerfile = readFileSync(resolve(process.cwd(), '..', 'Dockerfile'), 'utf8')

describe('Node 22 LTS', () => {
  it('package.json asks for Node 22 or newer', () => {
    expect(major(pkg.engines.node)).toBeGreaterThanOrEqual(22)
  })
  it('the Docker build stage uses the same major version', () => {
    const from = /^FROM node:(\d+)\S* AS web$/m.exec(dockerfile)
    expect(from, 'Dockerfile FROM node:NN… AS web').not.toBeNull()
    expect(Number(from![1])).toBe(major(pkg.engines.node))
  })
})
