import type { DialogueAct } from '../contracts/chat';
import type { Analysis, Mention } from '../language';
import { isCurrent, LAST_CLAUSE_ASKS } from '../language';
import { topicOf } from '../retrieval/topic';
import { interpretAnswer, type AnswerValue } from './answers';

export type { DialogueAct } from '../contracts/chat';

/**
 * What kind of turn a message is (DESIGN.md `act`), decided before retrieval and deterministically. Anything
 * that reports a symptom is a symptom report whatever else it says ("hi, my chest hurts"): triage reads it.
 */
export type ActResult = {
  act: DialogueAct;
  /** For `answer`: the reply to the open question (absent for an answer to "tell me what is happening"). */
  answer?: { concept: string; value: AnswerValue };
  /** For `clinic`: which part of the clinic profile the question is about. */
  clinicTopic?: ClinicTopic;
  /**
   * For `question`, a follow-up answered from the conversation rather than by a new search on its words:
   * `care` ("should I come in?") from the current assessment, `more` ("tell me more") from the last answer's
   * article, `topic` (a question that names nothing itself: "is it contagious?") about the conversation's topic.
   */
  followUp?: 'care' | 'more' | 'topic';
  /**
   * For a `topic` follow-up: it asks the last question again about someone or something else ("what about for my
   * daughter?"), or completes it with a fact ("she's 7"), rather than asking something new about the topic.
   */
  again?: boolean;
  /** For `small_talk`: a question about who or what the assistant is. */
  identity?: boolean;
  /** For `thanks`: the person is saying goodbye. */
  goodbye?: boolean;
  /** For `symptoms`: a report with nothing recognisable in it yet ("I don't feel very well"). */
  vague?: boolean;
  /** The turn changes the triage (a symptom report or an answer to our question). */
  triage: boolean;
};

export type ClinicTopic = 'hours' | 'booking' | 'phone' | 'address' | 'out_of_hours' | 'prescriptions' | 'services' | 'access' | 'emergency' | 'general';

/** What the conversation knows before this turn, for reading follow-ups. */
export type TurnContext = {
  /** The question the previous reply asked, if any (`describe` is the open "what is happening?"). */
  openQuestion?: { concept: string; text?: string } | null;
  /** The previous turn's act, and its clinic topic when it was a clinic question. */
  lastAct?: DialogueAct | null;
  lastClinicTopic?: ClinicTopic | null;
  /** The conversation has an assessment (symptoms were reported before). */
  assessed?: boolean;
  /** The conversation has a health topic (an earlier answer cited an article). */
  hasTopic?: boolean;
};

const words = (a: Analysis) => a.tokens.map((t) => t.norm).join(' ');

const GREETING = /^((hi|hello|hey|hiya|howdy|yo|greetings|good (morning|afternoon|evening|day)|morning|afternoon|evening)( there| again| careline| assistant| everyone| all)?\s*)+$/;
/** "hello? is this thing working", "anyone there?": a greeting that checks someone is listening. */
const PRESENCE = /^((hi|hello|hey|hiya|yo)\s+)*(is (this|anyone|anybody|someone) (thing )?(working|there|on|here|awake)|(anyone|anybody|someone) (there|here|around|about)|are you (there|working|awake|on))( still)?$/;
const THANKS = /^((ok(ay)?|great|brilliant|lovely|perfect|cool|right|alright|got it|understood|noted|that is|that was|thats?|this is|very|really|so|fab|fantastic|amazing|awesome|super|wonderful|nice|aww?|oh)[ ,]*)*(thanks?( you)?( so much| very much| a lot| again)?|thank you( so much| very much| again)?|ty|thx|tysm|cheers|ta|many thanks|much appreciated|appreciate it|that (is|was) (very |really |so )?(helpful|useful|great|clear|kind)|helpful|bye|goodbye|good bye|see you|see ya|bye for now|have a (good|nice) (day|one)|take care|all good|no that is all|that is all|nothing else|i am (good|fine|ok) thanks?)([ ,.!]+(bye|goodbye|bye for now|that is all|that was helpful|that is helpful|you too|x+|cheers|take care|thanks|thank you|that is (very |really )?helpful))*( x+)?$/;
/** Thanks or goodbye said in passing: "just wanted to say thank you, the advice helped", "ok I'll ring them, thanks". */
const THANKS_WORD = /\b(thanks|thank you|thank u|ty|thx|cheers|much appreciated|bye|goodbye|bye for now|see you)\b/;
const GOODBYE = /\b(bye|goodbye|good bye|see you|see ya|take care|that is all|nothing else|bye for now)\b/;

/** A request for a person, said outright. */
const PERSON = new RegExp(
  [
    String.raw`\b(speak|talk|chat) (to|with) (a |an |the |someone|somebody|anyone|anybody)?(real |actual |proper |live )?(person|human|nurse|doctor|gp|receptionist|someone|somebody|staff|clinician|one|member of staff|people)\b`,
    String.raw`\b(real|actual|live|proper) (person|human|people)\b`,
    String.raw`\b(a|an|any) (human|real person|actual person)\b.{0,30}\b(talk|speak|chat)\b`,
    String.raw`\bput me through\b`,
    String.raw`\b(call|ring|phone) me( back)?\b`,
    String.raw`\bcallback\b`,
    String.raw`\bcan (someone|a nurse|a doctor|the doctor|somebody) (call|ring|contact|phone)\b`,
    String.raw`\bi (want|would like) (a|an|to speak to a|to talk to a|to speak to an|to talk to an) (person|human|nurse|doctor)\b`,
    String.raw`\bnot (a|an|the) (bot|robot|computer|machine|ai)\b`,
  ].join('|'),
);
/**
 * "I need a doctor": a request for a person unless it asks where to find one (a clinic question, checked first), or
 * asks whether one is needed ("do I need to see a doctor for impetigo?": when to get help, a health question).
 */
const PERSON_WEAK = /(?<!\b(?:do|does|should|would|will|if|when|whether|might|must) )\bi (need|want) (a|an|to see a|to see an) (person|human|nurse|doctor|gp)\b/;

const DAY = String.raw`(monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|weekday|mon|tues?|wed|thur?s?|fri|sat|sun)s?`;
const HOLIDAY = String.raw`(public holiday|bank holiday|holidays?|christmas|xmas|boxing day|new year|easter|thanksgiving|july 4|4 th of july|fourth of july|independence day|memorial day|labor day|labour day)`;
/** Clinic questions by topic, first match wins (a walk-in question is about booking, not the hours). */
const CLINIC: [ClinicTopic, RegExp][] = [
  ['emergency', /\b(if it is|in|for|during|what about) (a |an )?(real |genuine |proper |actual |true )?emergency\b|\bemergency (number|line|services)\b|\bwhat (do|should) i do in an emergency\b/],
  ['out_of_hours', new RegExp(String.raw`\b(out of hours|out-of-hours|after hours|when (you are|you re|the clinic is|it is|the surgery is|the practice is) (closed|shut)|weekend (number|line|service))\b|\b(call|ring|phone|number|contact|doctor|gp|nurse|open|who do i)\b.{0,40}\b(at night|night time|overnight|over the weekend)\b|\b(who|what number|which number|where) (do|should|can) i (call|ring|phone|go|contact)\b.*\b${DAY}\b|\b(need|want) (a|to see a) (doctor|gp|nurse)\b.*\b(on|at the|over the|this) ${DAY}\b`)],
  ['booking', /\b(book|booking|booked|make|get|arrange|schedule|cancel|change|move|reschedule)\b.{0,25}\b(appointment|appt|consultation|slot|visit|check up|checkup|one)\b|\b(appointment|appt)\b.{0,20}\b(available|free|today|tomorrow|needed|need)\b|\bhow do i (book|see a doctor|see the doctor|see a gp|register|sign up|get an appointment)\b|\bregister (with|at) (you|the clinic|the practice|the surgery)\b|\b(walk in|walk-in|turn up|drop in|just come in|just come down|without an appointment|need an appointment)\b|\b(seen|see someone|see a doctor|see a gp|see the doctor|an appointment|get in)\b.{0,30}\b(the same day|same day|today|this morning|this afternoon|tomorrow)\b|\bsame day (appointment|appointments)?\b/],
  ['prescriptions', /\b(repeat prescriptions?|prescriptions?|refill|order (my )?(medication|medicine|tablets|pills|inhaler)|renew (my )?(medication|prescription))\b/],
  ['hours', new RegExp(String.raw`\b(opening (hours|times)|hours of (business|operation)|closing time|what are your (hours|times)|what time do you (open|close|shut|finish)|when (do|are) you (open|close|closed|shut)|are you (open|closed|shut)|(open|closed|shut) (today|tomorrow|now|on|at|till|until|in the)|(open|close|shut)( on| at)? (a )?${DAY}|open (till|until)|what time (are you|is the clinic|is the surgery) open|(open|close|shut) (on|over) ${HOLIDAY})\b|\b(open|closed|shut)\b.*\b${HOLIDAY}\b`)],
  ['phone', /\b(phone number|telephone number|telephone|your number|number for (the|your) (clinic|surgery|practice|reception)|contact number|how (do|can) i (call|contact|phone|ring|reach) (you|the clinic|the practice|the surgery|reception))\b/],
  ['address', /\b(where are you|your address|the address|what is the address|postcode|zip code|where is (the|your) (clinic|practice|surgery|building)|how do i get (to you|there|to the clinic)|directions|located|location)\b/],
  ['access', /\b(parking|park|car park|wheelchair|step free|step-free|disabled access|accessible|ramp|lift|get into the building)\b/],
  [
    'services',
    /\b(do you (do|offer|have|provide|give|run)|what services|can (i|we|she|he) (get|have|bring|book)|(at|to) (your|the) (clinic|surgery|practice|place)|at your place|is there (a|an) .{0,30}\b(at|in) (the|your) (clinic|surgery|practice))\b.*\b(jabs?|vaccin\w*|immuni[sz]\w*|injections?|flu shot|blood tests?|smear|check ?ups?|checks?|reviews?|reviewed|midwife|pregnancy care|antenatal|dressings?|nurse clinics?|pharmacy|chemist|physio|counsell?ing|travel|contracepti\w*)\b|\b(jabs?|vaccin\w*|immuni[sz]\w*|blood tests?|check ?ups?|reviews?|reviewed|midwife|pregnancy care|dressings?)\b.*\b(at your|your clinic|your surgery|your place|with you|by you|do you|can (i|we|she|he) (get|have|book|come|do|make|arrange)|can (that|it|this|they) be (done|booked|arranged|taken|had)|at the clinic|same time)\b/,
  ],
];
/** The clinic named, with no particular topic: "tell me about the clinic". */
const CLINIC_NAMED = /\b(your|the) (clinic|surgery|practice|reception|front desk|receptionists?)\b/;
/**
 * A short follow-up on the clinic topic just answered ("and how long does it take to be ready?"): it starts like a
 * follow-up and uses the words of clinic matters, not a health question ("and can I drink on antibiotics?").
 */
const CLINIC_FOLLOW_UP = /^(and|so|ok|okay|also|what about|how about|is there|are there|can i|do i|how long|how much|when|what time|thanks? and|right and)\b/;
const CLINIC_WORDS = /\b(ready|open|opening|close|closing|shut|park|parking|appointments?|book|booked|booking|today|tomorrow|morning|afternoon|evening|weekend|how long|phone|number|call|ring|where|address|walk in|turn up|wait|waiting|collect|pick up|cost|price|register|available|one|there|same time|too)\b/;

const SMALL_TALK = /\b(capital of|weather|forecast|going to rain|will it rain|is it raining|sunny tomorrow|joke|your name|what are you|how are you|how is it going|what can you do|tell me about yourself|football|soccer|recipe|movie|film|music|song|stock|bitcoin|crypto|homework|poem|story|sing|favourite|favorite|meaning of life|what time is it|what day is it|cheer me up|say something (cheerful|nice|funny|happy|positive)|are you bored|do you like|lottery|president|election)\b/;
const IDENTITY = /\b(who (am i|are you|is this)( talking to| speaking to| chatting (to|with))?|what are you|are you (a |an )?(actual |real )?(doctor|nurse|person|human|robot|bot|ai|computer|machine)|you are not (a|an) (actual |real )?(doctor|nurse|person|human)|is this (a |an )?(bot|robot|computer|ai)|your name)\b/;

/** "should I come in?", "do we still need to call?", "can I not just sleep it off?": answered from the assessment. */
const CARE = /\b(should|do|must|shall|need) (i|we|he|she|they)( still| really)? (come in|come to|go in|go to|see (a|the|someone)|call|ring|phone|wait|worry|be worried|get (it|this|him|her) (checked|seen))\b|\bdo (i|we|you think i|you think we|they|he|she) (still |really )?need to (come|go|see|call|ring|phone|worry|get)\b|\b(can|could|should) (i|we|it|he|she) (not )?(just )?(wait|sleep it off|sleep on it|leave it|ride it out|stay (at )?home|manage at home|see how it goes)\b|\bis (it|this|that) (really |actually )?(that |so )?(serious|urgent|bad|an emergency|worrying|dangerous)\b|\bhow (urgent|serious|worried)\b|\b(is it|it is) (ok|okay|safe|alright|fine) to wait\b|\bdo (i|we) (need|have) to (come|go|see|call)\b/;
/** "tell me more", "go on", "what else?": the rest of the last answer. */
const MORE = /^\s*((can you |could you |please )?(tell me|say|give me|explain) (a (bit|little) )?more( (about (it|that|this|them)|please|info(rmation)?|detail))?|more( please| info(rmation)?| detail)?|go on|keep going|what else|anything else( i should know)?|continue|and)\s*[.!?]*\s*$/;

/**
 * A question about a topic in the frame "is it (ok|safe|true) to ...": its findings are asked about, not reported
 * ("is it ok to take ibuprofen with a cold?", "is it actually true you catch a cold from being cold?").
 */
const TOPIC_FRAME = /^(so |and |but |ok |hi |also )?(is it|is that|are they|would it be|is there any harm in|can you|can i|could i|should i|do you) (actually |really |still |ever )?(ok|okay|safe|alright|fine|true|bad|normal|possible|wise|dangerous|better|worth|harmful|a good idea|good|take|give|use|have|drink|catch)\b/;
/** A report that names nothing recognisable yet: "I don't feel very well", "my knee's playing up". */
const VAGUE = /\b(i|he|she|we|they|my \w+|our \w+) (do|does) not feel (very |too |that |so )?(well|good|right|great|herself|himself|myself)\b|\bfeel(ing|s)? (ill|unwell|poorly|sick|rough|awful|terrible|dreadful|rubbish|off|under the weather|not right|not myself|not well|horrible|crap|lousy)\b|\bplaying up\b|\bsomething (is )?(wrong|not right|up) with\b|\bnot (been )?(well|right|myself|himself|herself)\b|\b(i am|i have been|he is|she is|he has been|she has been) (ill|unwell|poorly|sick|not well)\b|\b(hurts|is sore|aches|is killing me|is bothering me|is not right|feels (wrong|funny|strange|weird))\b/;
/** A message that only gives facts about the person asked about: "she's 7", "he weighs 20 kg", "I'm 45". */
const CONTEXT_ONLY = /^((and |oh |ok |so )?(she|he|i|they|my \w+|the baby|baby|it) (is|are|am|weighs|was) (about |around |nearly |almost |only |just )?\d+( (years?|yrs?|months?|weeks?|kg|kilos?|stone|lbs?|pounds)( old)?)?|(about |around )?\d+( (years?|months?|weeks?))?( old)?)$/;
/** "I should say I'm 28 weeks pregnant", "it's for my 10 month old": context added to the question just asked. */
const CONTEXT_LEAD = /^(?:(?:oh|and|also|btw|sorry|ok|okay)[ ,]+)*(?:by the way[ ,]+)?(?:i should (?:say|mention|add|have said)|i forgot to (?:say|mention)|i need to (?:say|mention)|i meant to (?:say|mention)|(?:it'?s|its|it is|this is|the question is) for my|for my (?:son|daughter|baby|child|mum|mom|dad|husband|wife|partner|\d+))\b/;
/** "what about going out with wet hair?", "and for my daughter?": the last question again, about something else. */
export const WHAT_ABOUT = /\b(what|how) about\b|^(and|but|ok|so)( what| how)? (for|with|if)\b|^what if\b/;
/**
 * A topic asked for without a question word or mark, as typed into a search box: "symptoms of endometriosis", "early
 * signs of parkinsons", "parkinsons symptoms", "treatment for gout". A question about the condition, not a report.
 */
/** A word of a topic's name: not one that says the message is about someone ("I have flu symptoms" is a report). */
const NOT_PERSONAL = "(?!(?:i|im|me|my|we|our|us|you|your|he|she|his|her|him|they|their|them|it|its|have|has|had|got|get|am|is|are|was|were|been|having|getting|some|any|these|those|the|this|that|no|not|new|bad|weird|strange)\\b)[a-z'-]+";
const TOPIC_KINDS = '(?:symptoms?|signs?|causes?|treatments?|cures?|complications?|risk factors?|tests?|outlook|prognosis|prevention|diagnosis|types?|stages?)';
const TOPIC_ASKED = new RegExp(`^(?:the )?(?:early |first |common |main |usual |warning )?${TOPIC_KINDS} (?:of|for) (?!.*\\b(?:i|my|me|im)\\b)[a-z' -]+$|^${NOT_PERSONAL}(?: ${NOT_PERSONAL}){0,3} ${TOPIC_KINDS}$`);
/** A statement about someone (not a question): the report continues even when nothing in it is recognised. */
const ABOUT_SOMEONE = /^(and |but |oh |also |now |so )?(i|i am|i have|i have been|he|she|they|we|my|his|her|our|the baby|baby|it|it is|it has|there is)\b/;
/**
 * Someone telling what is happening to them or to someone they look after, over some time ("I've had a ringing in both
 * ears for a couple of weeks", "I'm getting up 3 times a night to wee"): a report even when the lexicon recognises
 * none of its words, so the level's advice goes with the answer.
 */
const OWN_REPORT = /\b(i have had|i have been|i have got|i am getting|i am having|i keep|i get|i have|(my|our) (\d+ (year|month|week)s? old|son|daughter|baby|child|boy|girl|husband|wife|partner|mum|dad|mother|father)( \w+)? (has|has had|has been|keeps|is getting|is having|gets))\b/;
const OVER_TIME = /\b(for (a|about|around|over|the past|the last|\d+|a couple of|a few|several) ?\w*|since|(\d+|few|several|couple of) (times|days|weeks|months|nights)|every (day|night|morning)|last night|yesterday|this morning|that are spreading|is spreading|getting worse|keeps coming back)\b/;

/** Findings reported in this turn: current or suspected, not asked about and not in a question about a topic. */
function reportedMentions(analysis: Analysis): Mention[] {
  if (analysis.informational && analysis.mentions.every((m) => !isCurrent(m) || m.context.possible)) return [];
  // "symptoms of shingles", "gout treatment", "how is chronic fatigue syndrome treated?": the topic is asked about,
  // not reported.
  if (TOPIC_ASKED.test(words(analysis)) || topicOf(analysis)) return [];
  const framed = new Set(analysis.sentences.filter((s) => TOPIC_FRAME.test(s.tokens.map((t) => t.norm).join(' '))).map((s) => s.index));
  return analysis.mentions.filter((m) => m.kind !== 'modifier' && (isCurrent(m) || m.context.possible) && !m.question && !framed.has(m.sentence));
}

/** Clinic topic of a message, if it asks about the clinic. */
export function clinicTopicOf(text: string): ClinicTopic | null {
  for (const [topic, re] of CLINIC) if (re.test(text)) return topic;
  return null;
}

/**
 * Classifies a turn. The order matters for safety: a report of symptoms (or an answer to our question) wins over
 * everything but a plain request for a person, so "thanks, but now my lips are swelling" is read by triage. A
 * clinic question that also names a long-term condition ("I have diabetes, do you do reviews?") is a clinic
 * question; the chat still upgrades any turn whose own words triage reads as a red flag to a symptom report.
 */
export function classifyTurn(analysis: Analysis, context: TurnContext | null = {}): ActResult {
  const ctx = context ?? {};
  const text = words(analysis);
  const open = ctx.openQuestion ?? null;
  const reported = reportedMentions(analysis);
  const question = /\?/.test(analysis.text) || /^(what|how|when|why|which|who|where|is|are|can|could|should|does|do|will|would|may)\b/.test(text) || WHAT_ABOUT.test(text) || TOPIC_ASKED.test(text) || LAST_CLAUSE_ASKS.test(analysis.text);
  if (open && open.concept !== 'describe') {
    const value = interpretAnswer(analysis, open.concept, open.text);
    if (value) return { act: 'answer', answer: { concept: open.concept, value }, triage: true };
  }
  const topic = clinicTopicOf(text);
  if (reported.length) {
    if (PERSON.test(text)) return { act: 'person', triage: true };
    const background = reported.every((m) => m.kind === 'risk_factor' || m.kind === 'condition');
    // A long-term condition or a pregnancy is context for a clinic question ("I have diabetes, do you do reviews?"),
    // and for a health question ("I have COPD, what can I do day to day?"): no symptom is reported. The chat still
    // treats the turn as a report when triage reads its own words as urgent.
    if (background && topic && ['services', 'booking', 'prescriptions', 'hours'].includes(topic)) return { act: 'clinic', clinicTopic: topic, triage: false };
    if (open?.concept === 'describe') return { act: 'answer', triage: true };
    if (background && question && !reported.some((m) => m.context.possible)) return { act: 'question', triage: false };
    // "I should say I'm 28 weeks pregnant" after a health question: that question again, with this fact.
    if (background && !question && CONTEXT_LEAD.test(text) && ctx.lastAct === 'question' && ctx.hasTopic) return { act: 'question', followUp: 'topic', again: true, triage: false };
    return { act: 'symptoms', triage: true };
  }
  if (!text) return { act: 'small_talk', triage: false };
  if (PERSON.test(text)) return { act: 'person', triage: false };
  if (topic) return { act: 'clinic', clinicTopic: topic, triage: false };
  if (PERSON_WEAK.test(text)) return { act: 'person', triage: false };
  if (GREETING.test(text) || PRESENCE.test(text)) return { act: 'greeting', triage: false };
  if (THANKS.test(text) || (THANKS_WORD.test(text) && !question && !analysis.mentions.length && analysis.tokens.length <= 24)) {
    return { act: 'thanks', goodbye: GOODBYE.test(text), triage: false };
  }
  if (ctx.lastAct === 'clinic' && ctx.lastClinicTopic && ((CLINIC_FOLLOW_UP.test(text) && CLINIC_WORDS.test(text)) || CLINIC_NAMED.test(text)) && !analysis.mentions.length) {
    return { act: 'clinic', clinicTopic: ctx.lastClinicTopic, triage: false };
  }
  if (CLINIC_NAMED.test(text) && !analysis.mentions.length && question) return { act: 'clinic', clinicTopic: 'general', triage: false };
  if (ctx.assessed && CARE.test(text)) return { act: 'question', followUp: 'care', triage: false };
  if (MORE.test(text) && (ctx.hasTopic || ctx.assessed)) return { act: 'question', followUp: 'more', triage: false };
  if (open?.concept === 'describe' && !question) return { act: 'answer', triage: true };
  if (IDENTITY.test(text)) return { act: 'small_talk', identity: true, triage: false };
  if (SMALL_TALK.test(text) && !analysis.mentions.length) return { act: 'small_talk', triage: false };
  // "I should say I'm pregnant" after a health question: the same question, now with that fact.
  if (CONTEXT_LEAD.test(text) && !question && ctx.lastAct === 'question' && ctx.hasTopic) return { act: 'question', followUp: 'topic', again: true, triage: false };
  // "she's 7": a fact about the person, for whatever was being discussed.
  if (CONTEXT_ONLY.test(text)) {
    if (ctx.lastAct === 'question' && ctx.hasTopic) return { act: 'question', followUp: 'topic', again: true, triage: false };
    if (ctx.assessed) return { act: open ? 'answer' : 'symptoms', triage: true };
  }
  // A statement while symptoms are being discussed ("I'm a man, 45. No fever"): more of the report, for triage.
  if (!question && ctx.assessed && (ABOUT_SOMEONE.test(text) || analysis.mentions.length)) return { act: 'symptoms', triage: true };
  if (!ctx.assessed && OWN_REPORT.test(text) && OVER_TIME.test(text)) return { act: 'symptoms', triage: true };
  // A denied modifier ("I don't feel well" denies feeling well) names no topic of its own.
  if (analysis.mentions.some((m) => !(m.kind === 'modifier' && m.context.negated)) || question) {
    // Names nothing of its own ("is it contagious?", "what about for my daughter?"): about the conversation's topic.
    const ownTopic = analysis.mentions.some((m) => !m.context.negated);
    return { act: 'question', ...(ctx.hasTopic && !ownTopic ? { followUp: 'topic' as const, again: WHAT_ABOUT.test(text) || CONTEXT_LEAD.test(text) } : {}), triage: false };
  }
  if (VAGUE.test(text)) return { act: 'symptoms', vague: true, triage: true };
  // A statement about someone with nothing recognised in it: while symptoms are being discussed, more of the report.
  if (ABOUT_SOMEONE.test(text) && ctx.assessed) return { act: 'symptoms', triage: true };
  // Words alone that could be about health are questions; retrieval and its relevance check decide whether the
  // library can answer (on the conversation's topic, when there is one).
  return { act: 'question', ...(ctx.hasTopic ? { followUp: 'topic' as const, again: WHAT_ABOUT.test(text) || CONTEXT_LEAD.test(text) } : {}), triage: false };
}
