import type { Concept } from '../knowledge/schema';

/**
 * The topics the nurse console filters the library by: body systems and areas of practice. An article belongs to
 * a topic when one of its concepts is of one of the topic's body parts (the lexicon's `body_parts`), or when its
 * title, synonyms or summary name one of the topic's words. An article can be in several topics; one in none is
 * under "other". The words decide first (see topicsOf). A browsing aid, not a classification anything clinical depends on.
 */
export type TopicRule = { id: string; label: string; bodyParts: string[]; words: string[] };

export const TOPICS: TopicRule[] = [
  { id: 'heart', label: 'Heart and circulation', bodyParts: ['heart', 'blood vessels'], words: ['heart', 'cardiac', 'chest pain', 'blood pressure', 'hypertension', 'palpitations', 'angina', 'dvt', 'deep vein', 'embolism', 'clot'] },
  { id: 'breathing', label: 'Breathing and lungs', bodyParts: ['lungs', 'airway'], words: ['breath', 'breathing', 'asthma', 'copd', 'cough', 'pneumonia', 'bronchiolitis', 'croup', 'wheeze', 'inhaler', 'chest infection'] },
  { id: 'brain', label: 'Brain and nerves', bodyParts: ['brain'], words: ['stroke', 'seizure', 'epilepsy', 'headache', 'migraine', 'head injury', 'meningitis', 'cauda equina', 'dizziness', 'faint', 'concussion', 'numbness'] },
  { id: 'mental-health', label: 'Mental health', bodyParts: [], words: ['mental health', 'depression', 'anxiety', 'suicide', 'suicidal', 'self-harm', 'self harm', 'stress', 'panic', 'insomnia', 'sleep', 'alcohol misuse', 'alcohol withdrawal', 'drinking', 'psychosis', 'low mood'] },
  { id: 'gut-urinary', label: 'Gut, kidneys and bladder', bodyParts: ['stomach', 'bowel', 'abdomen', 'bladder', 'kidney', 'pancreas', 'anus'], words: ['abdominal', 'tummy', 'vomiting', 'diarrhoea', 'constipation', 'urinary', 'kidney', 'bladder', 'bleed', 'dehydration', 'gastro'] },
  { id: 'skin', label: 'Skin and allergy', bodyParts: ['skin', 'scalp', 'nails'], words: ['skin', 'rash', 'burn', 'sunburn', 'eczema', 'wound', 'bite', 'sting', 'allergy', 'allergic', 'anaphylaxis', 'pressure injur', 'pressure ulcer', 'cellulitis'] },
  { id: 'ent-eyes', label: 'Eyes, ears, nose and throat', bodyParts: ['eyes', 'eye', 'eyelid', 'ear', 'nose', 'throat', 'mouth', 'teeth', 'gums', 'tongue', 'lips', 'jaw'], words: ['eye', 'ear', 'sore throat', 'tonsillitis', 'sinus', 'nosebleed', 'tooth', 'dental', 'cold'] },
  { id: 'bones-injuries', label: 'Bones, joints and injuries', bodyParts: ['joints', 'bone', 'back', 'neck', 'knee', 'ankle', 'wrist', 'shoulder', 'hip', 'elbow', 'muscle', 'muscles'], words: ['fracture', 'sprain', 'injury', 'neck pain', 'neck', 'fall', 'falls', 'back pain', 'joint', 'gout', 'arthritis'] },
  { id: 'infection', label: 'Infection, fever and sepsis', bodyParts: ['blood'], words: ['infection', 'sepsis', 'fever', 'flu', 'influenza', 'covid', 'hand hygiene', 'ppe', 'infection control', 'temperature', 'meningitis', 'antibiotic'] },
  { id: 'children', label: 'Babies and children', bodyParts: [], words: ['child', 'children', 'baby', 'babies', 'infant', 'paediatric', 'pediatric', 'toddler', 'croup', 'bronchiolitis', 'nappy', 'teething'] },
  { id: 'pregnancy-sexual', label: 'Pregnancy and sexual health', bodyParts: ['vagina', 'penis', 'genitals', 'testicle', 'prostate'], words: ['pregnan', 'period', 'contracepti', 'sexual', 'vaginal', 'menopause', 'miscarriage', 'sti'] },
  { id: 'diabetes-hormones', label: 'Diabetes and hormones', bodyParts: ['thyroid'], words: ['diabetes', 'diabetic', 'glucose', 'hypoglycaemia', 'dka', 'ketoacidosis', 'thyroid', 'insulin'] },
  { id: 'medicines', label: 'Medicines', bodyParts: [], words: ['medicine', 'medicines', 'medication', 'paracetamol', 'ibuprofen', 'dose', 'overdose', 'painkiller', 'prescription'] },
  { id: 'practice', label: 'Safety and practice', bodyParts: [], words: ['safeguarding', 'handover', 'sbar', 'early warning', 'news2', 'escalation', 'red flags', 'hand hygiene', 'ppe', 'pressure injur', 'falls'] },
];

export const OTHER_TOPIC = { id: 'other', label: 'Other' };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A word at a word start ("pregnan" matches "pregnancy", "ear" does not match "year"); a short word whole. */
const matcher = (words: string[]) =>
  words.length ? new RegExp(`\\b(?:${words.map((w) => (w.length <= 4 ? `${escape(w)}s?\\b` : escape(w))).join('|')})`, 'i') : null;
const RULES = TOPICS.map((t) => ({ ...t, parts: new Set(t.bodyParts), re: matcher(t.words) }));

/** The topics of one article, in the table's order. */
export function topicsOf(article: { title: string; summary: string; synonyms: string[]; concepts: string[] }, lexicon: Map<string, Concept>): string[] {
  // The article's own words first: its concepts include the symptoms it mentions (a sepsis guide lists pale lips),
  // so their body parts are only a fallback for an article whose words name no topic.
  const text = [article.title, article.summary, ...article.synonyms].join(' \n ');
  const named = RULES.filter((r) => Boolean(r.re?.test(text))).map((r) => r.id);
  if (named.length) return named;
  const parts = new Set(article.concepts.flatMap((id) => lexicon.get(id)?.body_parts ?? []));
  const placed = RULES.filter((r) => r.bodyParts.some((p) => parts.has(p))).map((r) => r.id);
  return placed.length ? placed : [OTHER_TOPIC.id];
}
