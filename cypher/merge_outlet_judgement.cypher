// The current outlet judgement of an ordered pair of author strings, accounts, domains
// or organisation ids (not graph items: nodes of their own, never :Item).
MERGE (j:OutletJudgement {key: $key})
SET j.a = $a, j.b = $b, j.props = $props
