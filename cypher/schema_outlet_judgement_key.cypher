// One current outlet judgement per pair.
CREATE CONSTRAINT provenance_outlet_judgement_key IF NOT EXISTS FOR (j:OutletJudgement) REQUIRE j.key IS UNIQUE
