/**
 * What is asked: the classifier's intent on the question part, then the named rules below,
 * applied in order, each on the signals of the message (words of the lexicon's markers,
 * entities found, who is spoken of). A rule returns the intent it settles on, or nothing.
 * Each rule has a name and an example message, so that it can be read, tested and switched
 * off alone (tests/nlu/askedRules.test.ts reads each example and checks that its rule applies).
 * Plain TypeScript, no Bot Framework; the signals are computed once by the reading.
 */
import { IntentId, isIntent } from '../domain/intents';
import type { Entities } from './entities';
import type { Markers } from './markers';
import type { Recognition } from './recognizer';
import type { PersonFacts } from './reading';

/** What the rules read of one message (computed once, whatever was asked). */
export interface AskedSignals {
  /** the message as written */
  text: string;
  /** the recognizer's result on the whole message, and on the question part */
  full: Recognition;
  question: Recognition;
  /** the entities of the whole message, and of the question part */
  e: Entities;
  qe: Entities;
  /** the folded tokens of the whole message, joined, and of the question part */
  joined: string;
  askedWords: string;
  /** the message has more than two raw words */
  longEnough: boolean;
  uses: string[];
  useGroups: string[];
  abbreviationsNamed: string[];
  /** cards named (not the e-CPS), and cards or card sigles */
  cardsNamed: string[];
  cardTerms: Set<string>;
  ecpsNamed: boolean;
  /** the e-CPS named in the question part */
  ecpsInQuestion: boolean;
  /** the person the question is about, and whether anything is said of them */
  facts: PersonFacts;
  hasFacts: boolean;
  /** a person (or a status that names a person) is said */
  aPersonSaid: boolean;
  /** « je suis » and a person */
  saysWhoIAm: boolean;
  aboutSelf: boolean;
  /** a relative of the asker is named (« ma fille », « mon mari ») */
  relativeSaid: boolean;
  differenceSaid: boolean;
  /** a use asked for oneself (« je peux … ») */
  mayI: boolean;
  renewal: boolean;
  missing: boolean;
  /** « j'ai perdu le code de déblocage »: what is missing is a code or the reader (markers › anchors), not the card */
  codeMissing: boolean;
  faulty: boolean;
  /** a word of damage (« bloquée », « cassée ») */
  damaged: boolean;
  aCard: boolean;
  namesCards: boolean;
  ordering: boolean;
  namesWhich: boolean;
  whichWords: boolean;
  whichForUse: boolean;
  groupAbility: boolean;
  adeli: boolean;
  otherSigle: boolean;
  endsOnDefinition: boolean;
  outOfField: boolean;
  /** the folded tokens of the whole message include « qui » and a word of contact */
  whoToContact: boolean;
  /** a délégué or advisor named, with a word of visit */
  advisorVisit: boolean;
  words: Markers['words'];
  phrases: Markers['phrases'];
}

export interface AskedRule {
  /** a short name, in English, used in tests and traces */
  name: string;
  /** a message the rule was written for (the tests read it and check the rule applies) */
  example: string;
  apply(s: AskedSignals, asked: IntentId): IntentId | undefined;
}

/** Readings that give way to a question of access when a use is named (« ADRI avec ma CPS, ça marche ? »). */
const YIELDS_TO_USE = new Set<IntentId>(['glossary.define', 'ecps.info', 'card.which', 'card.uses', 'profile.set', 'card.compare']);
/** Readings that « quelle carte il me faut » turns into « which card ». */
const WHICH_CARD_FROM = new Set<IntentId>(['card.obtain', 'card.lost', 'card.uses', 'glossary.define', 'card.compare', 'profile.set', 'none']);

const notForeign = (s: AskedSignals) => s.full.reason !== 'foreign';
const definition = (s: AskedSignals) => s.phrases.definition.test(s.joined);

export const ASKED_RULES: AskedRule[] = [
  {
    name: 'use named is access',
    example: 'ma CPS de kiné suffit pour amelipro ?',
    apply: (s, asked) => {
      if (s.uses.length + s.useGroups.length === 0 || !YIELDS_TO_USE.has(asked) || definition(s)) return undefined;
      const comparing = asked === 'card.compare' && s.question.confidence > 0.9;
      return (asked === 'ecps.info' && s.ecpsInQuestion) || comparing ? undefined : 'use.access';
    },
  },
  {
    name: 'use in an unplaced question',
    example: "kiné remplaçant pour l'instant, quand je serai installé je pourrai alimenter le DMP ?",
    apply: (s, asked) =>
      asked === 'none' && (s.uses.length > 0 || (s.useGroups.length > 0 && !s.phrases.offTopic.test(s.joined))) && s.text.includes('?') && notForeign(s) && s.question.reason !== 'foreign' ? 'use.access' : undefined,
  },
  {
    name: 'greeting that says who one is',
    example: "je suis remplaçante pour info",
    apply: (s, asked) => ((asked === 'greeting' || asked === 'thanks') && s.aPersonSaid && s.longEnough ? 'profile.set' : undefined),
  },
  {
    name: 'sigle beside who one is',
    example: "c'est une CPE, je suis ambulancier salarié",
    apply: (s, asked) => (asked === 'glossary.define' && s.hasFacts && !definition(s) && s.uses.length === 0 ? 'profile.set' : undefined),
  },
  {
    name: 'two cards beside who one is',
    example: "je peux télétransmettre avec ma propre CPS ou il faut obligatoirement la carte de mon associée ? je suis kiné",
    apply: (s, asked) => (asked === 'card.compare' && s.hasFacts && !s.differenceSaid ? (s.mayI ? 'use.access' : 'card.which') : undefined),
  },
  {
    name: 'two cards and a difference',
    example: "une CPS et une CPF pour un interne ? c'est pas la même chose ?",
    apply: (s) => (new Set(s.cardsNamed).size >= 2 && s.differenceSaid ? 'card.compare' : undefined),
  },
  {
    name: 'renewal, first card or how long',
    example: "pas encore inscrite, je suis perdue : ma CPS arrive comment ?",
    apply: (s, asked) => {
      // « ma CDE arrive à échéance »: a card coming to its end is renewed
      if ((asked === 'card.obtain' || asked === 'card.which' || asked === 'adeli.rpps') && s.renewal) return 'card.renew';
      // « je viens de finir mes études, la carte arrive comment ? »: a first card is obtained, not renewed
      if (asked === 'card.renew' && !s.renewal && s.phrases.firstCard.test(s.joined)) return 'card.obtain';
      // « c'est vrai que les nouvelles CPS sont valables 6 ans ? » (read on the question part: « en cours de validité » in a pasted e-mail is not the question)
      if ((asked === 'card.renew' || (asked === 'card.obtain' && !s.ordering)) && !s.renewal && s.phrases.lasting.test(s.askedWords)) return 'card.validity';
      return undefined;
    },
  },
  {
    name: 'sigle equals what',
    example: "ADELI = ?",
    apply: (s) => (/^\s*[\p{L}-]{2,12}\s*=\s*\?/u.test(s.text) && [...s.qe.abbreviations, ...s.e.abbreviations].length > 0 ? 'glossary.define' : undefined),
  },
  {
    name: 'lost or broken by its words',
    example: "j'ai oublié ma CPS chez une patiente hier",
    apply: (s, asked) => {
      // « le lecteur ne reconnaît plus ma CPS »: not lost; « je ne retrouve plus ma carte »: not broken
      if (asked === 'card.lost' && !s.missing && s.faulty) return 'card.broken';
      if (asked === 'card.broken' && s.missing && !s.faulty) return 'card.lost';
      // « j'ai perdu le code de déblocage de ma CPE »: the card is there, its code is not
      if (asked === 'card.lost' && s.codeMissing) return 'card.broken';
      return undefined;
    },
  },
  {
    name: 'expired, neither lost nor broken',
    example: "la carte du docteur Martin expire en mars",
    apply: (s, asked) => (((asked === 'card.lost' && !s.missing) || (asked === 'card.broken' && !s.faulty)) && s.renewal ? 'card.renew' : undefined),
  },
  {
    name: 'how long, neither lost nor broken',
    example: "sage-femme : paraît que les CPS valent 6 ans désormais ?",
    apply: (s, asked) => (((asked === 'card.lost' && !s.missing) || (asked === 'card.broken' && !s.faulty)) && !s.renewal && s.phrases.lasting.test(s.askedWords) ? 'card.validity' : undefined),
  },
  {
    name: 'first card not arrived',
    example: "mon interne n'a toujours pas sa carte, elle doit la demander à qui ?",
    apply: (s, asked) => (asked === 'card.which' && !s.renewal && !s.missing && s.phrases.notReceived.test(s.joined) ? 'card.obtain' : undefined),
  },
  {
    name: 'first card on its way',
    example: "et moi je suis opticien diplômé, j'ai bien une CPS ?",
    apply: (s, asked) => (asked === 'card.lost' && !s.missing && !s.faulty && !s.renewal && s.phrases.firstCard.test(s.joined) ? 'card.obtain' : undefined),
  },
  {
    name: 'no trouble word: the next reading',
    example: "alimenter le DMP, ça marche avec ma CPS ?",
    apply: (s, asked) => {
      if (!(((asked === 'card.lost' && !s.missing && !s.faulty) || (asked === 'card.broken' && !s.faulty && !s.missing)) && s.text.includes('?'))) return undefined;
      // (« la recherche INSi ça passe avec la CPS ? »: a use named is a question of access)
      if (s.uses.length > 0 || s.useGroups.length > 0) return 'use.access';
      const next = s.question.ranking.find((r) => r.intent !== 'card.lost' && r.intent !== 'card.broken' && isIntent(r.intent));
      return next && next.score >= 0.1 ? (next.intent as IntentId) : undefined;
    },
  },
  {
    name: 'damage words',
    example: "ma carte s'est fendue, comment en obtenir une autre ?",
    apply: (s, asked) => (['card.renew', 'card.obtain', 'card.lost', 'card.which', 'profile.set', 'none'].includes(asked) && notForeign(s) && s.damaged && s.uses.length === 0 ? 'card.broken' : undefined),
  },
  {
    name: 'who one is, nothing else',
    example: "et pour la manipulatrice radio ?",
    apply: (s, asked) =>
      asked === 'none' && s.hasFacts && s.uses.length === 0 && s.useGroups.length === 0 && s.full.ranking[0]?.intent !== 'oos' && notForeign(s) && s.question.reason !== 'foreign' ? 'profile.set' : undefined,
  },
  {
    // (the words of a relative, « fille », « mari », are seen only out of the field: said of a professional, they are no patient's)
    name: 'a relative described',
    example: 'mon beau-frère est pharmacien dans une officine à Fontenay',
    apply: (s, asked) => (asked === 'none' && !s.aboutSelf && s.relativeSaid && s.hasFacts && s.uses.length === 0 && s.useGroups.length === 0 ? 'profile.set' : undefined),
  },
  {
    name: 'je suis and a person',
    example: "je suis secrétaire chez le docteur Lambert",
    apply: (s, asked) => (asked === 'none' && s.saysWhoIAm && s.aboutSelf && s.uses.length === 0 && s.useGroups.length === 0 && !s.text.includes('?') ? 'profile.set' : undefined),
  },
  {
    name: 'ADELI switch',
    example: "orthoptiste libéral, ma carte porte toujours mon numéro ADELI",
    apply: (s, asked) => (s.adeli && ['card.obtain', 'card.which', 'card.validity', 'card.renew', 'card.lost', 'card.uses'].includes(asked) && !definition(s) && !s.missing ? 'adeli.rpps' : undefined),
  },
  {
    name: 'use for oneself, not ordering',
    example: "Bonjour, je suis médecin coordonnateur dans une HAD. Mon logiciel me demande la CPS pour ouvrir le DMP, j'ai le droit de le consulter ?",
    apply: (s, asked) => (s.mayI && asked === 'card.obtain' && !s.ordering ? 'use.access' : undefined),
  },
  {
    name: 'which card words',
    example: "audioprothésiste, CPS ou CPE pour moi ?",
    apply: (s, asked) =>
      s.whichWords && !s.ecpsNamed && !s.renewal && !s.missing && !s.faulty && (WHICH_CARD_FROM.has(asked) || (asked === 'adeli.rpps' && !s.adeli) || (asked === 'use.access' && ((s.uses.length === 0 && !s.groupAbility) || s.whichForUse)))
        ? 'card.which'
        : undefined,
  },
  {
    name: 'ordering, which card for a use, keep or change',
    example: "on peut en recommander une tout de suite ?",
    apply: (s, asked) => {
      // « il me faut une carte par médecin ? », « qui doit la commander ? »: how to obtain it
      // (« et pour en recommander une ? »: under the threshold, the classifier torn between which card and obtaining it)
      const tornOnCards = asked === 'none' && ['card.which', 'card.obtain'].includes(s.question.ranking[0]?.intent ?? '');
      if ((asked === 'card.which' || tornOnCards || (asked === 'card.uses' && s.uses.length === 0)) && s.ordering && !s.renewal && !s.namesWhich) return 'card.obtain';
      // « avec quelle carte je fais les SEFi ? »: which card, for that use
      if (asked === 'use.access' && s.phrases.withWhichCard.test(s.joined)) return 'card.which';
      // « je garde ma carte ? »: which card now
      if (asked === 'card.obtain' && !s.ordering && !s.renewal && s.phrases.keepOrChange.test(s.joined) && !s.missing && !s.faulty) return 'card.which';
      // « je ne suis plus remplaçante, je viens de m'installer. je dois changer de carte ? »: who one is, then which card now
      if (asked === 'profile.set' && s.text.includes('?') && s.aCard && s.phrases.keepOrChange.test(s.askedWords) && !s.missing && !s.faulty) return 'card.which';
      return undefined;
    },
  },
  {
    name: 'e-CPS only when named',
    example: "j'ai besoin d'une CPS ?",
    apply: (s, asked) => (asked === 'ecps.info' && !s.ecpsNamed && s.cardsNamed.length > 0 ? 'card.which' : undefined),
  },
  {
    name: 'use with a card, no ordering',
    example: "orthophoniste, la signature des FSE se fait bien avec ma CPS ?",
    apply: (s, asked) =>
      asked === 'card.obtain' && s.uses.length > 0 && s.useGroups.length === 0 && !s.ordering && !s.renewal && !s.missing && !s.damaged && !s.phrases.firstCard.test(s.joined) && !definition(s) ? 'use.access' : undefined,
  },
  {
    name: 'how long, not which card',
    example: "médecin salarié de la clinique, ma CPS dure 3 ans c'est ça ?",
    apply: (s, asked) => (asked === 'card.which' && !s.phrases.whichCard.test(s.joined) && !s.renewal && s.phrases.lasting.test(s.askedWords) ? 'card.validity' : undefined),
  },
  {
    name: 'card named with a word of definition',
    example: "Qu'est-ce que c'est, une carte CDE ?",
    apply: (s, asked) => (['card.obtain', 'card.which', 'card.uses'].includes(asked) && s.cardsNamed.length > 0 && definition(s) && !s.hasFacts && s.uses.length === 0 ? 'glossary.define' : undefined),
  },
  {
    name: 'ends on a word of definition',
    example: "le portail TOPS dont parle la comptable pour commander la CPE de notre secrétaire, c'est quoi ?",
    apply: (s, asked) => (['card.obtain', 'card.which', 'card.uses'].includes(asked) && s.otherSigle && s.endsOnDefinition && s.uses.length === 0 ? 'glossary.define' : undefined),
  },
  {
    name: 'e-CPS named is the subject',
    example: "e-CPS pour un orthoptiste, ça existe ?",
    apply: (s, asked) => {
      if (!s.ecpsNamed) return undefined;
      if (asked === 'card.obtain' || asked === 'card.which' || (asked === 'glossary.define' && !definition(s))) return 'ecps.info';
      // « l'e-CPS, c'est possible pour un docteur junior ? »: the e-CPS asked about, beside who one is
      if (['profile.set', 'card.uses', 'none'].includes(asked) && s.text.includes('?') && s.uses.length === 0) return 'ecps.info';
      // « l'e-CPS marche pour le SCOR ? »
      if (asked === 'use.access' || asked === 'card.uses') return 'ecps.info';
      // « j'ai changé de téléphone et mon e-CPS ne marche plus »: the e-CPS (activated again on the phone), not a card that fails
      if (asked === 'card.broken' && s.cardsNamed.length === 0 && !s.damaged) return 'ecps.info';
      return undefined;
    },
  },
  {
    name: 'outside the cards',
    example: "pour adhérer à l'OPTAM je fais comment ?",
    apply: (s) => (s.outOfField ? 'oos' : undefined),
  },
  {
    name: 'about the assistant',
    example: "comment tu t'appelles ?",
    apply: (s) => (s.phrases.aboutBot.test(s.joined) && (!s.namesCards || s.full.tokens.some((t) => s.words.patientCard.has(t))) ? 'help' : undefined),
  },
  {
    name: 'sigle with a word of definition',
    example: "c'est qui l'ANS ?",
    apply: (s, asked) =>
      (asked === 'use.access' || asked === 'contact.cpam') && s.abbreviationsNamed.length > 0 && definition(s) && !s.hasFacts && !s.phrases.selfAbility.test(s.joined) && !s.phrases.helpline.test(s.joined)
        ? 'glossary.define'
        : undefined,
  },
  {
    name: 'card not working',
    example: "le terminal ne reconnait plus la CPS, je peux plus télétransmettre les lots, c'est grave ?",
    // (« ma CPE marche plus »: a sigle naming cards is a card too)
    apply: (s, asked) => (s.phrases.notWorking.test(s.joined) && (s.aCard || s.cardTerms.size > 0) && !s.missing && !['oos', 'help'].includes(asked) && !(s.ecpsNamed && s.cardsNamed.length === 0) ? 'card.broken' : undefined),
  },
  {
    name: 'visit of the délégués',
    example: "est-ce qu'une conseillère pourrait passer au cabinet pour nous présenter la MSS ?",
    apply: (s, asked) => (s.advisorVisit && !['oos', 'help', 'card.lost', 'card.broken'].includes(asked) ? 'contact.cpam' : undefined),
  },
  {
    name: 'helpline number',
    example: "vous avez le numéro du support carte CPS ?",
    // (« vous pouvez me donner un mail ? »: the classifier's help, for « vous pouvez », is a contact asked)
    apply: (s, asked) => (s.phrases.helpline.test(s.joined) && !s.missing && !s.faulty && !s.ecpsNamed && asked !== 'oos' ? 'contact.cpam' : undefined),
  },
  {
    name: 'trouble, then whom to call',
    example: "ma CPS est bloquée, je fais quoi ?",
    apply: (s, asked) => {
      // a card lost: whom to call is in that answer
      if (s.missing && !s.faulty && s.aCard && ['contact.cpam', 'card.obtain', 'card.renew', 'card.which', 'profile.set', 'none'].includes(asked) && notForeign(s)) return 'card.lost';
      // « carte CPE bloquée, qui appeler ? », « ma CPS est bloquée, je fais quoi ? » (not « le numéro de l'ANS pour une carte défectueuse ? »)
      if (!s.missing && s.aCard && s.damaged && !s.phrases.helpline.test(s.joined) && ['contact.cpam', 'card.which', 'profile.set', 'none'].includes(asked) && notForeign(s)) return 'card.broken';
      return undefined;
    },
  },
  {
    name: 'whom to contact',
    example: "à qui je demande confirmation ?",
    apply: (s, asked) => (s.whoToContact && !['card.lost', 'card.broken', 'oos'].includes(asked) && notForeign(s) ? 'contact.cpam' : undefined),
  },
];

/** The intent the rules settle on, from the classifier's, and the names of the rules that changed it (in order). */
export function settleAsked(s: AskedSignals, intent: IntentId, rules: AskedRule[] = ASKED_RULES): { asked: IntentId; applied: string[] } {
  let asked = intent;
  const applied: string[] = [];
  for (const rule of rules) {
    const next = rule.apply(s, asked);
    if (next && next !== asked) {
      asked = next;
      applied.push(rule.name);
    }
  }
  return { asked, applied };
}
