/**
 * Chevrotain's LL(k) lookahead, built on first use instead of all at once when the parser is made.
 * `performSelfAnalysis` otherwise computes a lookahead function for every alternation and optional
 * production of the grammar, which was most of `mfgc check`'s start-up; a spec uses a fraction of them.
 * The functions are chevrotain's own (LLkLookaheadStrategy), so parsing is unchanged.
 */
import { LLkLookaheadStrategy, type ILookaheadStrategy, type IOrAlt } from "chevrotain";

type AlternationOptions = Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0];
type OptionalOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];
type Alternation = (orAlts?: IOrAlt<unknown>[]) => number | undefined;

export class LazyLookaheadStrategy implements ILookaheadStrategy {
  private readonly eager: ILookaheadStrategy;

  constructor(options: { maxLookahead: number }) {
    this.eager = new LLkLookaheadStrategy(options);
  }

  validate(options: Parameters<ILookaheadStrategy["validate"]>[0]): ReturnType<ILookaheadStrategy["validate"]> {
    return this.eager.validate(options);
  }

  buildLookaheadForAlternation(options: AlternationOptions): Alternation {
    const eager = this.eager;
    let built: Alternation | undefined;
    // A `function`, not an arrow: chevrotain calls lookahead functions with the parser as `this`.
    return function (this: unknown, orAlts?: IOrAlt<unknown>[]): number | undefined {
      const lookahead = (built ??= eager.buildLookaheadForAlternation(options));
      return lookahead.call(this, orAlts);
    };
  }

  buildLookaheadForOptional(options: OptionalOptions): () => boolean {
    const eager = this.eager;
    let built: (() => boolean) | undefined;
    return function (this: unknown): boolean {
      const lookahead = (built ??= eager.buildLookaheadForOptional(options));
      return lookahead.call(this);
    };
  }
}
