import type { Analysis } from '../language';
import { isCurrent } from '../language';
import { interpretAnswer, type AnswerValue } from './answers';

/**
 * What kind of turn a message is (DESIGN.md `act`), decided before retrieval and deterministically. Anything
 * that reports a symptom is a symptom report whatever else it says ("hi, my chest hurts"): triage reads it.
 */
export type DialogueAct = 'greeting' | 'thanks' | 'small_talk' | 'clinic' | 'symptoms' | 'question' | 'answer' | 'person';

export type ActResult = {
  act: DialogueAct;
  /** For `answer`: the reply to the open question. */
  answer?: { concept: string; value: AnswerValue };
  /** For `clinic`: which part of the clinic profile the question is about. */
  clinicTopic?: ClinicTopic;
  /** The turn changes the triage (a symptom report or an answer to our question). */
  triage: boolean;
};

export type ClinicTopic = 'hours' | 'booking' | 'phone' | 'address' | 'out_of_hours' | 'prescriptions' | 'services' | 'access' | 'general';

const words = (a: Analysis) => a.tokens.map((t) => t.norm).join(' ');

const GREETING = /^(hi|hello|hey|hiya|howdy|yo|greetings|good (morning|afternoon|evening|day)|morning|afternoon|evening|hi there|hello there)( there| again| careline| assistant| everyone)?$/;
const THANKS = /^((ok(ay)?|great|brilliant|lovely|perfect|cool|right|alright|got it|understood|noted|that is|that was|thats?|this is|very|really|so)[ ,]*)*(thanks?( you)?( so much| very much| a lot| again)?|thank you( so much| very much| again)?|cheers|ta|many thanks|much appreciated|appreciate it|that (is|was) (very |really )?(helpful|useful|great|clear)|helpful|bye|goodbye|good bye|see you|see ya|bye for now|have a (good|nice) (day|one)|take care|all good|no that is all|that is all|nothing else|i am (good|fine|ok) thanks?)([ ,.!]+(bye|goodbye|that is all|that was helpful|that is helpful|you too))*$/;
const PERSON = /\b(speak|talk|chat) (to|with) (a |an |the |someone|somebody|a real )?(person|human|nurse|doctor|gp|receptionist|someone|somebody|real person|staff|clinician)\b|\b(real|actual|live) (person|human)\b|\b(call|ring|phone) me (back)?\b|\bcallback\b|\bcan (someone|a nurse|a doctor|the doctor) (call|ring|contact)\b|\bi (want|need|would like) (a|an|to speak to a|to talk to a) (person|human|nurse|doctor)\b/;
const CLINIC: [ClinicTopic, RegExp][] = [
  ['out_of_hours', /\b(out of hours|out-of-hours|after hours|when (you are|you re|the clinic is|it is) closed|night time|weekend (number|line|service))\b/],
  ['hours', /\b(opening (hours|times)|open(ing)? (today|tomorrow|now|on|at)|are you open|what time do you (open|close)|when (do|are) you (open|close|closed)|hours of (business|operation)|closing time|what are your hours|are you closed)\b/],
  ['booking', /\b(book|booking|make|get|arrange|schedule|cancel|change|move|reschedule)\b.{0,25}\b(appointment|appt|consultation|slot|visit|check up|checkup)\b|\bappointment\b.{0,20}\b(available|free|today|tomorrow)\b|\bhow do i (book|see a doctor|see the doctor|register|sign up)\b|\bregister (with|at) (you|the clinic|the practice)\b/],
  ['prescriptions', /\b(repeat prescription|prescription (refill|renewal|ready|request)|refill (my|a) prescription|order (my )?(medication|medicine|prescription))\b/],
  ['phone', /\b(phone number|telephone|your number|contact number|how (do|can) i (call|contact|phone|ring) (you|the clinic|the practice|reception))\b/],
  ['address', /\b(where are you|your address|where is the clinic|where is the practice|how do i get (to|there)|directions|located|location)\b/],
  ['access', /\b(parking|park|wheelchair|step free|step-free|disabled access|accessible)\b/],
  ['services', /\b(do you (do|offer|have)|what services|can i get (a |my )?(flu jab|vaccine|vaccination|blood test|smear))\b/],
];
const SMALL_TALK = /\b(capital of|weather|joke|your name|who are you|what are you|are you (a )?(robot|bot|human|real|ai)|how are you|how is it going|what can you do|tell me about yourself|football|recipe|movie|music|stock|bitcoin|homework|poem|story|sing|favourite|favorite|meaning of life|what time is it|what day is it)\b/;

/**
 * Classifies a turn. The order matters for safety: a report of symptoms (or an answer to our question) always
 * wins, so "thanks, but now my lips are swelling" is read by triage. `openQuestion` is the question the previous
 * reply asked, if any.
 */
export function classifyTurn(analysis: Analysis, openQuestion: { concept: string; text?: string } | null | undefined): ActResult {
  const text = words(analysis);
  const reports = analysis.mentions.some((m) => m.kind !== 'modifier' && (isCurrent(m) || m.context.possible) && !m.question);
  if (openQuestion) {
    const value = interpretAnswer(analysis, openQuestion.concept, openQuestion.text);
    if (value) return { act: 'answer', answer: { concept: openQuestion.concept, value }, triage: true };
  }
  if (reports) return { act: PERSON.test(text) ? 'person' : 'symptoms', triage: true };
  if (!text) return { act: 'small_talk', triage: false };
  if (PERSON.test(text)) return { act: 'person', triage: false };
  for (const [topic, re] of CLINIC) if (re.test(text)) return { act: 'clinic', clinicTopic: topic, triage: false };
  if (GREETING.test(text)) return { act: 'greeting', triage: false };
  if (THANKS.test(text)) return { act: 'thanks', triage: false };
  // Anything that names a health topic is a health question, even with no symptom reported.
  if (analysis.mentions.length) return { act: 'question', triage: false };
  if (SMALL_TALK.test(text)) return { act: 'small_talk', triage: false };
  // Words alone that could be about health ("is it safe to take ibuprofen with alcohol") are questions; retrieval
  // and its relevance check decide whether the library can answer.
  return { act: 'question', triage: false };
}
