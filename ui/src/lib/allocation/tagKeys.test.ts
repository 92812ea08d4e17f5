import { describe, expect, it } from "vitest";
import { mergeSuggestion, openSuggestions } from "./tagKeys";

const team = { canonical: "team", aliases: ["Team", "TEAM"] };
const env = { canonical: "Environment", aliases: ["env"] };

describe("tag key merges from suggestions", () => {
  it("keeps the spelling the user picked and makes the others aliases", () => {
    expect(mergeSuggestion(team, "Team")).toEqual({ canonical: "Team", aliases: ["team", "TEAM"] });
    expect(mergeSuggestion(env, "env")).toEqual({ canonical: "env", aliases: ["Environment"] });
  });

  it("ignores a kept key that is not in the group", () => {
    expect(mergeSuggestion(env, "owner")).toEqual(env);
  });

  it("hides suggestions whose keys are merged already", () => {
    expect(openSuggestions([team, env], [{ canonical: "Team", aliases: ["team"] }])).toEqual([env]);
    expect(openSuggestions([team, env], [])).toEqual([team, env]);
  });
});
