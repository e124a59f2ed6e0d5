import { describe, expect, it } from 'vitest';
import { testKnowledge } from '../../test/helpers/knowledge';
import { languageFor } from '../language/setup';
import { classifyTurn, type DialogueAct } from './acts';
import { interpretAnswer } from './answers';

const language = languageFor(testKnowledge());
const act = (text: string, open?: string) => classifyTurn(language.analyze(text), open ? { openQuestion: { concept: open } } : null);

describe('the kind of turn', () => {
  it.each<[string, DialogueAct]>([
    ['hi', 'greeting'],
    ['Good morning!', 'greeting'],
    // A report over time is a report even when no word of it is in the lexicon; a question about a topic is not.
    ["I've had a ringing in both ears for a couple of weeks. What can I do?", 'symptoms'],
    ["I'm 66 and I'm getting up 3 times a night to wee. What should I do?", 'symptoms'],
    ['I have a question about vaccines for travel', 'question'],
    ['thanks, that is helpful', 'thanks'],
    ['ok thank you so much, bye', 'thanks'],
    ["what's the capital of France?", 'small_talk'],
    ['tell me a joke', 'small_talk'],
    ['what are your opening hours?', 'clinic'],
    ['how do I book an appointment?', 'clinic'],
    ['can I speak to a real person please', 'person'],
    ['I have had a sore throat for two days', 'symptoms'],
    // A diagnosis someone was given, then a question typed without its mark: a question about that condition.
    ['my sister has just been told she has endometriosis, what is that', 'question'],
    ['hi, I have crushing chest pain', 'symptoms'],
    ['thanks, but now my lips are swelling', 'symptoms'],
    ['what is tuberculosis?', 'question'],
    ['is it safe to take ibuprofen with alcohol?', 'question'],
    // A topic typed as into a search box is asked about, not reported; "I have flu symptoms" is a report.
    ['symptoms of endometriosis', 'question'],
    ['early signs of parkinsons', 'question'],
    ['gout treatment', 'question'],
    ['i have flu symptoms', 'symptoms'],
    // Whether a doctor is needed is a health question (when to get help), not a request for a person.
    ['Do I need to see a doctor for Impetigo?', 'question'],
    ['I need a doctor', 'person'],
    ["best way to treat athlete's foot", 'question'],
    // A topic question whose topic is named by a symptom asks about it.
    ['how is chronic fatigue syndrome treated?', 'question'],
  ])('%j is a %s turn', (text, expected) => {
    expect(act(text).act).toBe(expected);
  });

  it('a symptom report always changes the triage, a greeting or a clinic question never does', () => {
    expect(act('hello, my baby is floppy and not waking').triage).toBe(true);
    expect(act('when are you open on saturday?').triage).toBe(false);
  });

  it('knows which part of the clinic profile a clinic question is about', () => {
    expect(act('are you open on Sunday?').clinicTopic).toBe('hours');
    expect(act('what number do I call when you are closed?').clinicTopic).toBe('out_of_hours');
    expect(act('is there parking?').clinicTopic).toBe('access');
  });

  it('does not take a story about a blood test for a question about the clinic\'s services', () => {
    expect(act('had a blood test and the doctor says my cholesterol is too high. what can it actually do to me?').act).not.toBe('clinic');
    expect(act('can I get a blood test at your clinic?').act).toBe('clinic');
    expect(act('I need a blood test, can it be done at the same time as my jab?').act).toBe('clinic');
  });
});

describe('answers to the question we asked', () => {
  it.each<[string, 'yes' | 'no' | 'unsure']>([
    ['yes', 'yes'],
    ['yeah a bit', 'yes'],
    ['only when I bend my head', 'yes'],
    ['no', 'no'],
    ['not really', 'no'],
    ["no, my neck is fine", 'no'],
    ['not sure', 'unsure'],
    ["I don't know", 'unsure'],
  ])('%j answers "is the neck stiff?" with %s', (text, value) => {
    expect(interpretAnswer(language.analyze(text), 'stiff_neck')).toBe(value);
    expect(act(text, 'stiff_neck')).toMatchObject({ act: 'answer', answer: { concept: 'stiff_neck', value }, triage: true });
  });

  it('reads the answer from the findings when it does not start with yes or no', () => {
    expect(interpretAnswer(language.analyze('my neck is really stiff'), 'stiff_neck')).toBe('yes');
    expect(interpretAnswer(language.analyze('what time do you close?'), 'stiff_neck')).toBeNull();
  });
});

describe('a new report is not an answer to the question we asked', () => {
  it.each<[string, string]>([
    ["it's itchy and came up yesterday", 'high_pitched_cry'],
    ["he's 4, it's 38.2, and he's still playing and drinking fine. No rash", 'rapid_breathing'],
    ['no rash', 'stiff_neck'],
    ['a bit of a cough too', 'stiff_neck'],
  ])('%j does not answer a question about %s', (text, concept) => {
    expect(interpretAnswer(language.analyze(text), concept)).toBeNull();
  });

  it.each<[string, 'yes' | 'no']>([
    ['it is', 'yes'],
    ["it's really fast", 'yes'],
    ["she isn't", 'no'],
    ['he does not, no', 'no'],
    ['no it is fine', 'no'],
  ])('%j still answers yes or no', (text, value) => {
    expect(interpretAnswer(language.analyze(text), 'rapid_breathing', 'Is the breathing very fast?')).toBe(value);
  });
});

describe('context added after a health question', () => {
  it('asks the same question again with the new fact', () => {
    for (const text of ["I should say I'm 28 weeks pregnant", "it's for my 10 month old", 'I forgot to mention I have asthma']) {
      expect(classifyTurn(language.analyze(text), { lastAct: 'question', hasTopic: true })).toMatchObject({ act: 'question', followUp: 'topic', again: true });
    }
  });
  it('is more of the report while symptoms are being discussed', () => {
    expect(classifyTurn(language.analyze("I should say I'm 28 weeks pregnant"), { lastAct: 'symptoms', hasTopic: true, assessed: true }).act).toBe('symptoms');
  });
});
