/**
 * What a question asks for (its intent), as rules with names you can grep. Each rule has the phrases that show it
 * (regular expressions over the normalised question: lower case, apostrophes out), the article sections that answer
 * it for each audience (best first), and, for the facts a nurse asks for by number, what a sentence that states
 * the fact looks like (a dose, a threshold, an interval). Intent picks sections and sentences; the focus of the
 * question (focus.ts) picks the article.
 */

export const INTENTS = [
  'definition',
  'symptoms',
  'causes',
  'risk',
  'tests',
  'treatment',
  'self_care',
  'prevention',
  'outlook',
  'complications',
  'side_effects',
  'contraindications',
  'when_to_get_help',
  'dose',
  'route',
  'threshold',
  'schedule',
  'score',
] as const;
export type Intent = (typeof INTENTS)[number];

export type IntentRule = {
  id: Intent;
  /** Any of these shows the intent (and its words are question words, not the subject). */
  cues: RegExp[];
  /** Names that show the intent and stay subject words ("NEWS2" asks for a score and is what it is about). */
  names?: RegExp[];
  /** Sections that answer it, best first. */
  sections: { patient: string[]; nurse: string[] };
  /** A sentence that states the asked fact (a number with a unit, a cut-off, an interval). */
  fact?: RegExp;
};

const w = (s: string) => new RegExp(`\\b(?:${s})\\b`);

/** A number with a dose unit: "500 micrograms", "0.5 mL", "40-50 mg", "10 mL/kg", "2 g". */
export const DOSE_FACT = /\b\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?\s*(?:mg|milligrams?|micrograms?|mcg|µg|μg|g|grams?|ml|millilitres?|units?(?! of alcohol)|mmol|puffs?|tablets?|doses?)(?:\s*\/\s*(?:kg|hour|h|min))?\b/i;
/** How often a dose may be taken: "leave at least 4 hours between doses", "up to 4 times in 24 hours", "every 6 hours". */
export const DOSE_INTERVAL = /\b(?:(?:hours?|days?) between doses|\d+ times (?:a|in|per|each) (?:day|24 hours)|every \d+(?:\s*(?:-|–|to)\s*\d+)? hours|no more than \d+ (?:doses|times))\b/i;
/** A cut-off: "7 or more", "5 or above", "above 38", "under 90", "less than 4", ">= 2", "1-4", "score of 3". */
export const THRESHOLD_FACT = /\b\d+(?:\.\d+)?\s*(?:or (?:more|above|higher|over|less|below|lower|under)|and (?:above|over|below)|\+)|\b(?:above|below|over|under|at least|less than|more than|greater than|lower than|higher than|up to|no more than)\s+\d|[≥≤<>]\s*\d|\b\d+\s*(?:-|–|to)\s*\d+\b|\bscore (?:of|is) \d/i;
/** An interval or a time limit: "hourly", "every 15 minutes", "within 1 hour", "for 5 days", "after 5 minutes". */
/** Where or how a medicine goes in: a site ("the thigh") or a route ("intravenous", "buccal"). */
export const ROUTE_FACT = /\b(?:thigh|deltoid|buttock|upper arm|into (?:a |the )?(?:muscle|vein)|intramuscular(?:ly)?|intravenous(?:ly)?|subcutaneous(?:ly)?|buccal(?:ly)?|sublingual(?:ly)?|intranasal(?:ly)?|rectal(?:ly)?|by mouth|orally|nebulis\w+)\b/i;
export const SCHEDULE_FACT = /\b(?:\d+[- ]?hourly|hourly|half-hourly|every \d+|every (?:hour|day|minute)|(?:within|for|after|at least|up to|over|at) \d+(?:\.\d+)?\s*(?:-|–|to)?\s*\d*\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)|\d+\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\b|daily|twice|once a)/i;

/**
 * The rules, most specific first. Several intents may hold ("dose and how long": dose, schedule); `definition` only
 * when no other does ("what is the treatment for X" asks for treatment).
 */
export const INTENT_RULES: IntentRule[] = [
  {
    id: 'score',
    cues: [w('scor(?:e|es|ing)|calculat\\w*')],
    names: [w('news ?2?|qsofa|q ?sofa|sofa|curb ?65|crb ?65|centor|mcisaac|fever ?pain|gcs|glasgow|wells|perc|traffic light|cha2ds2 ?vasc|abcd2')],
    sections: { patient: ['Tests and diagnosis', 'What it is'], nurse: ['Assessment', 'Escalation'] },
    fact: THRESHOLD_FACT,
  },
  {
    id: 'dose',
    // "had 1 dose of adrenaline", "after two doses": what was given, not what is asked.
    cues: [w('(?<!\\b(?:\\d+|one|two|three|a|single|first|second|third|1st|2nd|3rd) )doses?|dosage|dosing|how much|how many (?:mg|ml|mls|tablets|puffs|micrograms)|mg|mcg|micrograms?|loading|bolus|infusion rate|rate of (?:the )?\\w+ (?:infusion|insulin)|(?:what|which) rate|max(?:imum)? (?:dose|amount)')],
    sections: { patient: ['Treatment', 'Self-care', 'Who should not use it'], nurse: ['Actions'] },
    fact: DOSE_FACT,
  },
  {
    id: 'route',
    // "IM adrenaline: how much and where do I put it?", "which site?", "IM or IV?": where or how it goes in.
    cues: [w('where (?:do|should|can|would|to) (?:i |we |you )?(?:put|give|inject|stick|site|administer)|which (?:site|muscle|route)|what (?:site|route)|injection site|route of|im or iv|iv or im')],
    sections: { patient: ['Treatment', 'Self-care'], nurse: ['Actions'] },
    fact: ROUTE_FACT,
  },
  {
    id: 'schedule',
    cues: [w('how often|frequency|how frequently|how long (?:to|should|do|must|does|will) (?:i |we |they |he |she |the \\w+ )?(?:need to |have to |need to be |have to be )?(?:observe|observed|monitor|monitored|wait|keep|kept|watch|watched|obs)|hourly|interval|schedule|when (?:to|can|should|do) (?:i |we |you )?(?:repeat|recheck|re-?check|reassess|give|re-?dose|redo|re-?do it|check (?:it |again)|test again)|(?<!on |a |the |on a |on the )repeat(?:ed|ing)?(?! (?:bp|blood pressure|reading|readings|obs|ecg|bloods|gas|vbg|abg|test)\\b)|re-?dose|timing|how soon|how fast|how quickly|how urgently|how long (?:before|until)|within how long|time ?frames?|time ?windows?|how long for|length of (?:the )?course|how long(?= ?\\?? $)|for how long')],
    sections: { patient: ['Treatment', 'Self-care', 'Outlook'], nurse: ['Actions', 'Escalation', 'Assessment'] },
    fact: SCHEDULE_FACT,
  },
  {
    id: 'threshold',
    // "When do I add glucose / stop the infusion / switch to oral?", "CBG 12.6, do I stop the insulin?": the reading or
    // time that decides it ("can I stop taking them?" asks whether it is allowed, not for a reading).
    cues: [w('threshold|cut ?off|(?<!what (?:can|could|might|may|does|do|will|would) )trigger(?!s|ed|ing)|target|normal range|when (?:do|should|can|would|to) (?:i |we |you )?(?:add|start|stop|switch|change|step (?:up|down)|convert|reduce)|(?<!how )(?:do|should|shall) (?:i|we) (?:stop|continue|switch|step (?:up|down)|reduce|keep (?:going|running|it|the|giving|pushing))(?! taking| using)|at what (?:level|temp|temperature|score|reading|value|number|point)|what (?:level|reading|score|number|value) (?:is|should|needs|means)|how (?:high|low) (?:is|should|can)|what counts as')],
    sections: { patient: ['When to get urgent help', 'When to get an appointment', 'Tests and diagnosis'], nurse: ['Escalation', 'Assessment', 'Red flags'] },
    fact: THRESHOLD_FACT,
  },
  {
    id: 'side_effects',
    cues: [w('side ?effects?|adverse (?:effects?|reactions?)|reactions? to (?:the |my )?(?:tablets?|medicines?|medication|drug)')],
    sections: { patient: ['Side effects', 'Who should not use it'], nurse: ['Red flags', 'Actions'] },
  },
  {
    id: 'contraindications',
    // "Can I take ibuprofen?", "can I give my 10 year old aspirin?", "what cough medicine can I give my 4 year old?":
    // whether it is allowed for this person (not "what can I take for it", which asks for self-care).
    cues: [w('(?:can|could|should|may) (?:i|we|you|she|he|they) (?:take|use|have|give) (?!(?:him|her|them|me|us|(?:my|our|the|your) [a-z]+(?: [a-z]+)?) (?:in |back |along )?to (?:the |a |an )?(?:doctors?|gp|hospital|a ?& ?e|er|ed|emergency|urgent|walk|clinic|surgery|dentist|pharmac\\w+))[a-z ]{1,40} (?:if|when|while|with|during|after|as|at the same time|on top of|alongside)|(?<!what |which |how (?:much|many)\\b[a-z0-9 ]{0,30})(?:can|could|may) (?:i|we|she|he|they) (?:take|give)(?! (?:for|to|it|that|this|them|something|anything)\\b)|(?:ok|okay|alright|all right|fine) (?:for (?:me|him|her|them|us|my \\w+|a \\w+) )?to (?:take|use|give)|safe (?:to take|to use|to give|for|in|when|while|during|with)|allowed to (?:take|use|have)|who (?:should|can|must) ?n[o]?t (?:take|use|have)|shouldnt (?:take|use)|interact\\w*|mix with|together with')],
    sections: { patient: ['Who should not use it', 'Side effects', 'Treatment'], nurse: ['Actions', 'Red flags'] },
  },
  {
    id: 'when_to_get_help',
    cues: [
      w('when (?:should|to|do|must|would) (?:i |we |you |they )?(?:see|call|go|get|seek|worry|contact|phone|ring|take|book)|contact a (?:medical|health|doctor)|medical professional|should (?:i|we) (?:see|go(?! about| ahead| on)|call|worry|be worried|ring|phone|take)|do (?:i|we) need (?:to see|to go|to call|a doctor|a gp|hospital|an appointment)|(?:does|do|should) (?:he|she|they|i|we|the \\w+) need to go (?:in|to hospital|to a ?& ?e|to ed)|go in today|can (?:it|this|that|he|she|they) wait|need to see (?:a|someone)|(?:get|take) (?:him|her|them|me|it|this|my \\w+) (?:seen|checked|looked at)|is (?:it|this|that) (?:serious|an emergency|urgent|dangerous)|(?<!\\bstill\\b[a-z ,]{0,80})is (?:it|this|that) normal|worried|worry|emergency|a ?& ?e|999|911|112|red flags?|escalat\\w*|refer\\w*|disposition|where (?:do i|should i|to) (?:send|go|refer)|send (?:them|to)|urgent\\w*'),
    ],
    sections: { patient: ['When to get urgent help', 'When to get an appointment'], nurse: ['Escalation', 'Red flags'] },
  },
  {
    id: 'prevention',
    cues: [w('prevent\\w*|avoid\\w*|stop (?:it|them|myself|getting|from|catching|spreading)|reduce (?:the |my |your )?(?:risk|chances?)|lower (?:the |my )?risk|protect\\w*|vaccin\\w*|immunis\\w*|immuniz\\w*|jab|spread\\w*|infection control')],
    sections: { patient: ['Prevention', 'Self-care'], nurse: ['Actions'] },
  },
  {
    id: 'complications',
    cues: [w('complications?|what (?:problems|damage|issues|harm) (?:can|could|does|do|will|might)|(?:cause|causes|do|does) (?:\\w+ )?long ?term|in the long ?(?:term|run)|(?:isnt|is not|arent|are not|not|never|doesnt get|dont get|wasnt|without being|goes|go|left) (?:treated|untreated)|what happens if(?= (?:[a-z]+ ){0,4}(?:isnt|is not|arent|are not|not|never|doesnt|dont|left|leave|ignore|ignored|untreated)\\b)|lead to|long ?term (?:effects?|problems?|damage)|can it (?:cause|lead|damage|spread)|what happens if (?:it|its|left|untreated|you dont|i dont)|untreated|consequences|dangers? of')],
    sections: { patient: ['Complications', 'Outlook'], nurse: ['Red flags', 'Escalation'] },
  },
  {
    id: 'outlook',
    cues: [w('outlook|prognosis|(?:does|will) (?:it|this|that) mean (?:i|ill|i will|im|she|he|we|they|my \\w+)|never be able to|still (?:be able to )?(?:have|get) (?:a baby|pregnant|children|kids)|(?:get|have|catch) (?:it |them |\\w+ )?(?:twice|again|more than once)|(?:go|get|come|be) back to normal|grow(?:s|n)? out of|(?:can|could|will|do) (?:you|i|people|he|she|they|someone|a person|it|it ever) (?:die|be fatal|kill)|die (?:from|of)|fatal|deadly|how long (?:does|will|do|until|before|is|are)|go away|goes away|get better|gets better|recover\\w*|life expectancy|permanent\\w*|curable|come back|comes back|last(?:s)? (?:for|long)|will (?:i|it|he|she|they) (?:be|get)|(?<=\\bstill\\b[a-z ,]{0,80})is (?:it|this|that) normal|back to (?:myself|my old self|my usual self|full strength)')],
    sections: { patient: ['Outlook', 'Complications'], nurse: ['Escalation'] },
  },
  {
    id: 'tests',
    cues: [w('diagnos(?:e|es|is|ing|tic)|(?:how|when|where) (?:is|are|do|does|will|would|can|could) [a-z ]{0,40}diagnosed|tests?(?! positive| negative)|(?:get|be|being|getting) tested|tested for|testing|scans?|x ?rays?|ultrasound|mri|ct|blood test|swab|screen(?:ing)?|investigat\\w*|how (?:do|will|can|would|did) (?:doctors?|they|you|the gp|a doctor|the doctors?) (?:know|tell|check|find out|confirm|work out|figure out|spot|pick up|rule out)|check(?:ed)? for|imaging|ecg')],
    sections: { patient: ['Tests and diagnosis'], nurse: ['Assessment'] },
  },
  {
    id: 'risk',
    cues: [w('at risk|risk factors?|how many (?:people|children|adults|women|men|babies) (?:are|get|have|develop)|how common|prevalen\\w*|(?:are|is|people) affected by|risks?|who (?:gets|is likely|can get|is more likely|usually gets)|more likely to (?:get|have)|chances? of (?:getting|having)|susceptib\\w*|likely to get|am i likely|runs? in (?:the )?famil\\w*|hereditary|inherit\\w*|genetic|who is affected')],
    sections: { patient: ['Who is at risk', 'Causes'], nurse: ['Assessment', 'Red flags'] },
  },
  {
    id: 'causes',
    cues: [w('causes?|caused|causing|why (?:do|does|did|am|is|are|would|have|has|cant|cannot)(?![a-z ]{0,30}\\b(?:been|want|wants|give|gave|put|prescrib\\w*|told|tell|recommend\\w*|advis\\w*|need|should|must|have to|got to)\\b)|reasons? for|what makes|triggers?|triggered|brings? on|how (?:do|does|did) (?:you|people|i|we|he|she|they|someone|a person) (?:get(?! (?:rid|better|over|back|it|them|this|that|off|out|a|an|the|to|help|seen|checked|tested|treated)\\b)|catch)|how (?:do|does|did|would|could) (?:you|people|i|we|he|she|they|someone|a person|my \\w+) (?:get|catch|pick up) (?:it|them|this|that)(?= \\?? ?$)|how (?:is|are) (?:it|they) (?:spread|caught|passed)|contagious|catching|where does it come from|what (?:could|might|can) (?:it|this|that) be|what could be causing')],
    sections: { patient: ['Causes', 'What it is', 'Who is at risk'], nurse: ['Assessment'] },
  },
  {
    id: 'symptoms',
    cues: [w('(?:(?:early|first|warning|tell ?tale) )?(?:symptoms?|signs?)|(?:what (?:do|should|can) (?:i|we) )?(?:look|looking|watch|watching) out for|what to look (?:out )?for|(?:and|but) (?:not|never|dont|do not) know(?: it| about it| you have it)?|without knowing|symptomless|signs?|features?|presentation|present(?:s)? with|how (?:do|can|would|will) (?:i|you|we) (?:know|tell|spot|recogni[sz]e)|what does (?:it|\\w+) (?:look|feel) like|look(?:s)? like|feel(?:s)? like|recogni[sz]\\w*|(?:tell|know) if|how to spot|sx')],
    sections: { patient: ['Common symptoms', 'What it is'], nurse: ['Assessment', 'Red flags'] },
  },
  {
    id: 'self_care',
    cues: [w('(?:the )?best (?:thing|way|ways|treatment|remedy|remedies|medicine|cream|stuff)? ?(?:for|to (?:treat|ease|help|get rid of|soothe|stop))|(?:whats|what is|what are) (?:good|best) for|what works (?:best )?for|what (?:now|next)|next steps?|what (?:do|should|can) (?:i|we) (?:tell|advise|say to)|home|remed\\w*|self ?care|what (?:can|should|do) (?:i|we) (?:do|take|use|give)|what to take|(?:get|take|pull) (?:\\w+ ){0,3}(?:out|off)\\b|what to do|how (?:do|can|should) (?:i|we) (?:treat|look after|care|ease|relieve|soothe|manage|get rid|stop|help|deal|cope)|relieve|ease|soothe|tips|get rid|look after|cope|helps?|make (?:it|them) better')],
    sections: { patient: ['Self-care', 'Treatment'], nurse: ['Actions'] },
  },
  {
    id: 'treatment',
    cues: [w('(?<!(?:isnt|is not|arent|are not|not|never|doesnt get|dont get|wasnt|without being|left) )treat\\w*|therap\\w*|cure[sd]?|curing|medicines?|medications?|drugs?|prescri\\w*|surgery|operation|remov\\w+|what (?:can|will|do) (?:the|a) (?:doctor|gp|hospital|nurse)|options|management|manage|first ?line|give|administer|tx|mx|analgesia')],
    sections: { patient: ['Treatment', 'Self-care'], nurse: ['Actions'] },
  },
  {
    id: 'definition',
    cues: [w('what (?:even |exactly |actually )?(?:is|are)(?: an?| the)?|whats|what does \\w+ (?:even |actually |really |exactly )?mean|meaning of|mean by|define|definition|information (?:about|on)|info (?:about|on)|tell me about|explain|do you have information')],
    sections: { patient: ['What it is', 'Common symptoms'], nurse: ['Assessment'] },
  },
];

const BY_ID = new Map(INTENT_RULES.map((r) => [r.id, r]));
export const intentRule = (id: Intent) => BY_ID.get(id)!;

/** Text as the cues read it: lower case, apostrophes removed, other punctuation a space. */
export function cueText(text: string): string {
  return ` ${text.toLowerCase().replace(/['’‘`]/g, '').replace(/[^a-z0-9&?]+/g, ' ').trim()} `;
}

/**
 * The intents a question shows, in rule order; `definition` only when nothing more specific does. A message that
 * tells a story and then asks ("I worry about everything and can't switch off. How can I manage my anxiety?") is
 * read for its intent in the sentences that ask (those ending in "?"): the story's own words ("I worry", "the
 * treatment I had", "symptoms since Monday") describe, they do not say what is asked. A message with no question
 * mark, or whose questions show no intent ("any ideas?"), is read whole.
 */
export function detectIntents(text: string): { intents: Intent[]; cueWords: Set<string> } {
  const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => s.trim());
  const asking = sentences.filter((s) => /\?\s*$/.test(s));
  // A bare "is this normal?" asks about what the sentences before it told ("... still shattered. is this normal?").
  const bare = asking.every((q) => /^(?:and |but |so )?is (?:this|that|it|all this) (?:normal|ok|okay|common|expected)\W*$/i.test(q.trim()));
  if (sentences.length > 1 && asking.length && asking.length < sentences.length && !bare) {
    const asked = intentsIn(asking.join(' '));
    if (asked.intents.length) return asked;
  }
  return intentsIn(text);
}

function intentsIn(text: string): { intents: Intent[]; cueWords: Set<string> } {
  const t = cueText(text);
  const intents: Intent[] = [];
  const cueWords = new Set<string>();
  for (const r of INTENT_RULES) {
    let hit = (r.names ?? []).some((re) => re.test(t));
    for (const re of r.cues) {
      for (const m of t.matchAll(new RegExp(re.source, 'g'))) {
        hit = true;
        for (const word of m[0].split(' ')) if (word) cueWords.add(word);
      }
    }
    if (hit && !(r.id === 'definition' && intents.length)) intents.push(r.id);
  }
  return { intents, cueWords };
}

/** Sections that answer the intents, best first, for an audience. */
export function sectionsFor(intents: Intent[], audience: 'patient' | 'nurse'): string[] {
  return [...new Set(intents.flatMap((i) => intentRule(i).sections[audience]))];
}

/**
 * The words of a question that only say what kind of answer it wants ("what helps", "how do I treat", "symptoms of"),
 * not what the answer is about. Left out: the cues of a medicine question ("can I take", "dose of"), whose verbs and
 * units are the very words of the sentence that answers ("do not take ibuprofen if ...").
 */
export function intentCueWords(text: string): Set<string> {
  const t = cueText(text);
  const out = new Set<string>();
  for (const r of INTENT_RULES) {
    if (r.id === 'contraindications' || r.id === 'dose' || r.id === 'side_effects') continue;
    for (const re of r.cues) for (const m of t.matchAll(new RegExp(re.source, 'g'))) for (const word of m[0].split(' ')) if (word) out.add(word);
  }
  // A word that is also a cue of a medicine question stays ("take" in "what can I take" and "safe to take").
  for (const r of INTENT_RULES) {
    if (r.id !== 'contraindications' && r.id !== 'dose' && r.id !== 'side_effects') continue;
    for (const re of r.cues) for (const m of t.matchAll(new RegExp(re.source, 'g'))) for (const word of m[0].split(' ')) out.delete(word);
  }
  return out;
}

