import { describe, expect, it } from 'vitest';
import { triageForTests } from '../../test/helpers/triage';

// Look-alikes of the triage-conditions suites (issue 10, round 3): a red flag's combination met only in words, or with
// one element milder or settling, each beside its true twin, which must still raise the red flag.
const { assess, concepts } = triageForTests();

describe('a combination met only in words, or milder, does not raise the red flag', () => {
  it.each<[string, string, string]>([
    // [look-alike, true twin, red flag the twin raises and the look-alike must not]
    ['bumped my head on a low beam 3 days ago, mild headache since, improving daily, working normally', 'bumped my head on a low beam 3 days ago and have had a headache ever since', 'head_injury_headache'],
    ['my 3 year old was bitten by his sister on the forearm, teeth marks but the skin is intact', 'my 3 year old was bitten by his sister on the forearm and it broke the skin', 'animal_bite_broken_skin'],
    ["I'm 34 weeks pregnant and my ankles are swollen by the evening, they settle overnight", "I'm 34 weeks pregnant and my ankles have swelled up a lot", 'pregnancy_swelling'],
    ['I have had cobweb floaters in both eyes for several months, unchanged, vision normal', 'lots of new floaters in my eye since this morning', 'flashes_floaters'],
    ['back of my heel is stiff and sore, thickened tender tendon, calf squeeze normal, can tiptoe', 'my left calf is swollen, red and sore', 'calf_swelling_dvt'],
    ['stung on my ankle walking through long grass, 3 cm red swollen patch, breathing normal', 'bitten by something on my arm, red swollen patch spreading up my arm and hot', 'cellulitis_spreading'],
  ])('%s', (lookalike, twin, flag) => {
    const r = assess(lookalike);
    expect(r.redFlags.map((f) => f.id)).not.toContain(flag);
    const t = assess(twin);
    expect(t.redFlags.map((f) => f.id)).toContain(flag);
  });

  it('swollen hands in pregnancy stay a warning sign even with ankles that settle overnight', () => {
    const r = assess("I'm 34 weeks pregnant, my rings are too tight and my ankles swell by the evening");
    expect(r.redFlags.map((f) => f.id)).toContain('pregnancy_swelling_hands_face');
  });
});

describe('words read in their other sense', () => {
  it("an 'electric shock feeling' after knocking the elbow is a nerve tingle, not shock or an electrical injury", () => {
    const c = concepts("electric shock feeling shooting down to my ring and little fingers after knocking my elbow on a door frame");
    expect(c).toContain('pins_and_needles');
    expect(c).not.toContain('electric_shock');
    expect(c.some((id) => id.startsWith('symp_'))).toBe(false);
    expect(concepts('I got an electric shock from the plug socket')).toContain('electric_shock');
  });

  it("'tetanus up to date' is vaccination, not a tetanus risk; asked about, it stays one", () => {
    const r = assess('cut my fingertip slicing a bagel, small superficial cut, bleeding stopped after pressure. Tetanus up to date.');
    expect(r.findings.filter((f) => f.present).map((f) => f.concept)).not.toContain('tetanus_risk');
    expect(r.level).toBe('self_care');
    expect(concepts('cut my hand on a rusty nail, not sure my tetanus up to date')).toContain('tetanus_risk');
  });

});
