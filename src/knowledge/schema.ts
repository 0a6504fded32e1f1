/**
 * Schemas of the knowledge files (src/knowledge/data). Every file is validated
 * against these when the bot starts and by `npm run kb:check`.
 *
 * Vocabulary used below:
 * - a "profile" is one entry of the guide's index of users (27 of them), with its page;
 * - a "use" is one line of a page's « Mes usages » list;
 * - a "basis" says how sure the knowledge base is of a use's status:
 *     icon     – the guide's ✓ / ✗ survived extraction (explicit),
 *     note     – a note beside the use settles it (« prévu en 2023 », a restriction),
 *     rule     – a nominative CPS holder has access to the uses listed on its page,
 *     inferred – nothing in the guide settles it: the bot must say it is to be confirmed.
 */
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'identifiant attendu en minuscules, chiffres et tirets (ex. « infirmier-remplacant »)');
const text = z.string().trim().min(1, 'texte vide');
const phraseList = z.array(text).default([]);

/** Where a fact comes from in the guide. */
const guideSourceSchema = z
  .object({
    section: text.describe('Title of the guide section or page, e.g. « Infirmier remplaçant »'),
    excerpt: text.optional(),
  })
  .strict();

const useStatusSchema = z.enum(['access', 'conditional', 'none']);
const basisSchema = z.enum(['icon', 'note', 'rule', 'inferred']);

const profileUseSchema = z
  .object({
    use: id,
    status: useStatusSchema,
    basis: basisSchema,
    icon: z.enum(['✓', '✗']).optional(),
    note: text.optional().describe("The guide's note beside the use, verbatim"),
    inferredWhy: text.optional().describe('Why the status was inferred (required when basis is inferred)'),
  })
  .strict()
  .superRefine((u, ctx) => {
    if (u.basis === 'icon' && !u.icon) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['icon'], message: 'basis « icon » demande le champ icon (✓ ou ✗)' });
    }
    if (u.basis !== 'icon' && u.icon) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['icon'], message: 'icon n’est permis que si basis vaut « icon »' });
    }
    if (u.icon === '✗' && u.status !== 'none') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['status'], message: 'une icône ✗ implique status « none »' });
    }
    if (u.icon === '✓' && u.status === 'none') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['status'], message: 'une icône ✓ ne peut pas avoir status « none »' });
    }
    if (u.basis === 'inferred' && !u.inferredWhy) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['inferredWhy'], message: 'basis « inferred » demande inferredWhy (pourquoi ce statut est déduit)' });
    }
    if (u.basis === 'note' && !u.note) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['note'], message: 'basis « note » demande la note du guide' });
    }
  });

const deliverySchema = z
  .object({
    title: text.optional().describe('e.g. « Modalités de délivrance – CDE »'),
    steps: z.array(text).min(1),
    deliveredBy: id.describe('Contact id of who delivers the card'),
    validity: text.optional(),
    validityNote: text.optional(),
    links: z.array(z.string().url()).default([]),
  })
  .strict();

const noteSchema = z
  .object({
    kind: z.enum(['a-savoir', 'adeli-rpps', 'footnote', 'identification']),
    title: text.optional(),
    text,
    links: z.array(z.string().url()).default([]),
  })
  .strict();

export const profileSchema = z
  .object({
    id,
    indexLabel: text.describe("The entry's wording in the guide's index"),
    label: text.describe('How the bot names the profile'),
    role: text.optional().describe('How « en tant que … » names the holder when the label does not fit (« professionnel de laboratoire »)'),
    labelFeminine: text.optional().describe('The label in the feminine, used when the user writes so (« Infirmière remplaçante »)'),
    statusChoice: text.optional().describe('The button offering this page when the bot asks the status (« Installée »)'),
    statusChoiceFeminine: text.optional(),
    forWhom: text.optional().describe('Who the card is for, in the guide\'s words (« secrétaire médical(e), employés de pharmacie … »)'),
    profession: id,
    status: id,
    synonyms: phraseList.describe('Phrases that designate exactly this profile (e.g. « interne » → médecin en formation)'),
    professionsOnPage: z.array(text).default([]).describe('Professions the page names'),
    card: id,
    register: z.enum(['RPPS', 'ADELI', 'SIRET', 'none']),
    registerText: text.optional(),
    guidePage: text,
    delivery: z.array(deliverySchema).min(1),
    uses: z.array(profileUseSchema).min(1),
    sav: z.object({ text, contact: id }).strict(),
    ecps: text.optional(),
    notes: z.array(noteSchema).default([]),
  })
  .strict();

const professionSchema = z
  .object({
    id,
    label: text,
    synonyms: phraseList,
    employees: z.boolean().default(false).describe('Its pages are for employees (secrétaires, assistants): « salariée » says nothing more of them'),
    placesOfEitherStatus: phraseList.default([]).describe('Workplaces (among the statuses\' places) where this profession works libéral or salaried alike (« en clinique » for a doctor): there they say no status, and the bot asks it when the pages answer differently'),
  })
  .strict();

const statusSchema = z
  .object({
    id,
    label: text,
    question: text.optional().describe('Button label when the bot asks the status'),
    synonyms: phraseList,
    negatedMeans: id.optional().describe('Status meant when this one is negated (« je ne suis plus remplaçant » → titulaire)'),
    prevailsOver: z.array(id).default([]).describe('Statuses this one wins over when both are said (« interne qui remplace » → en formation)'),
    endedBy: phraseList.default([]).describe('« après la thèse », « une fois thésé »: the time spoken of is after this status; it no longer wins over the status to come (« après la thèse, je ferai des remplacements » → remplaçant)'),
    sharesEmployersProfession: z.boolean().default(false).describe('« remplaçante chez un dentiste »: said with no profession of its own, the person has the profession of the one named after « chez »'),
    weakSynonyms: phraseList.default([]).describe('Synonyms (among synonyms) that say less than the status (« libéral »: not salaried, which a remplaçant is too): beside a status of givesWayTo, they say nothing of this one'),
    ownPlaces: z.array(z.string().min(1)).default([]).describe('Workplaces (one word each) that, said as one\'s own (« j\'ai mon cabinet », « dans ma pharmacie »), say this status when no status is said'),
    givesWayTo: z.array(id).default([]).describe('Statuses a weak synonym gives way to (« infirmière libérale remplaçante » → remplaçant)'),
    activityWords: z.array(z.string().min(1)).default([]).describe('Words (one each) that, from someone with two activities (« PH, et une consultation libérale en ville »), name the activity of this status in a question (« pour le cabinet »)'),
    places: phraseList.default([]).describe('Workplaces that suggest this status (« à la clinique »): they give way to a status said outright (« libéral, j\'opère à la clinique »)'),
  })
  .strict();

export const professionsFileSchema = z
  .object({
    professions: z.array(professionSchema).min(1),
    statuses: z.array(statusSchema).min(1),
    ambiguities: z
      .array(
        z
          .object({
            phrases: z.array(text).min(1),
            profiles: z.array(id).min(2),
            question: text,
          })
          .strict(),
      )
      .default([]),
    uncovered: z
      .array(
        z
          .object({
            id,
            label: text.describe('How the bot names them: « les médecins salariés d\'un centre de santé »'),
            phrases: z.array(text).min(1),
            nearest: id.describe('The nearest page of the guide, given as a guess to confirm'),
            nearestForProfession: z
              .boolean()
              .default(false)
              .describe('A place of work (« centre de santé »): with a profession named, the nearest page is that profession\'s salaried page, else its first page'),
            colleaguesStatus: id
              .optional()
              .describe('The status of the people they speak of (« nos infirmières du service » said by a cadre de santé are salaried), when none is said'),
            heads: z
              .array(text)
              .default([])
              .describe('Words that, right before a profession, name someone working for that profession, not one of them (« mon assistante audio »): these people'),
          })
          .strict(),
      )
      .default([])
      .describe('People the guide has no page for: the bot says so and gives the nearest page to confirm'),
    noCard: z
      .array(
        z
          .object({
            id,
            label: text.describe('How the bot names them: « les comptables, informaticiens et autres prestataires extérieurs »'),
            phrases: z.array(text).min(1),
          })
          .strict(),
      )
      .default([])
      .describe('People the guide gives no card at all (neither health professionals nor staff of a health structure): said of the asker, the bot says so and whom to contact'),
    staff: z
      .object({
        phrases: z.array(text).min(1).describe('Words for an employee after « mon », « nos » …: « salarié », « employée »'),
        pageByEmployer: z.record(id, id).default({}),
        defaultPage: id,
        drivers: z.array(text).default([]).describe('Words for a driver: the transport pages (taxi, ambulancier) answer for them'),
        driverPages: z.array(id).default([]),
        employers: z
          .record(id, z.array(text))
          .default({})
          .describe('Staff words that say who employs them: « ma préparatrice » → the asker is a pharmacist; « je suis prépa … ma titulaire » → the titulaire is a pharmacist'),
      })
      .strict()
      .describe('Whose page answers for an employee (« mes chauffeurs », « ma salariée »)'),
  })
  .strict();

const useSchema = z
  .object({
    id,
    label: text.describe("The guide's wording"),
    action: text.describe('Infinitive used in answers: « consulter le DMP »'),
    group: id.optional().describe('Uses named together by a short form (« le DMP », « les FSE »)'),
    abbreviation: text.optional(),
    synonyms: phraseList,
    verbs: phraseList.describe('Verbs that pick this use when the group is named (« consulter » + « DMP »)'),
  })
  .strict();

const useGroupSchema = z
  .object({
    id,
    label: text,
    synonyms: phraseList,
  })
  .strict();

export const usesFileSchema = z.object({ groups: z.array(useGroupSchema).default([]), uses: z.array(useSchema).min(1) }).strict();

export const cardSchema = z
  .object({
    id,
    name: text,
    fullName: text,
    description: text,
    synonyms: phraseList,
    source: guideSourceSchema,
  })
  .strict();

export const glossaryEntrySchema = z
  .object({
    id,
    abbreviation: text,
    expansion: text,
    definition: text.optional(),
    synonyms: phraseList,
    /** the cards the abbreviation names when said alone (« la CPE »): their pages answer when they agree, else the bot asks which */
    cards: z.array(id).min(2).optional().describe('cards.yaml ids named by the abbreviation said alone (« la CPE permet-elle … ? »)'),
    source: guideSourceSchema,
  })
  .strict();

export const contactSchema = z
  .object({
    id,
    name: text,
    role: text,
    phone: text.optional(),
    email: z.string().email().optional(),
    url: z.string().url().optional(),
    helpsWith: z.array(text).default([]),
    members: z
      .array(z.object({ name: text, phone: text.optional(), email: z.string().email().optional() }).strict())
      .default([]),
    source: guideSourceSchema,
  })
  .strict();

export const topicSchema = z
  .object({
    id,
    title: text,
    paragraphs: z.array(text).min(1),
    contacts: z.array(id).default([]),
    short: z.boolean().default(false).describe('Only the first paragraph at first sight, the others behind « Voir le détail »'),
    source: guideSourceSchema,
  })
  .strict();

export const updateSchema = z
  .object({
    id,
    date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'date attendue au format AAAA-MM ou AAAA-MM-JJ'),
    title: text,
    text,
    source: text,
    url: z.string().optional(),
    decides: text.optional().describe('Said first where the update applies, before the guide\'s answer: it changes the answer'),
    closes: z.boolean().default(false).describe('The update closes the uses it applies to (SI-DEP, SI-VAC)'),
    appliesTo: z
      .object({
        uses: z.array(id).default([]),
        topics: z.array(id).default([]),
        profiles: z.array(id).default([]),
        registers: z.array(z.enum(['RPPS', 'ADELI', 'SIRET', 'none'])).default([]),
        cards: z.array(id).default([]),
        statuses: z.array(id).default([]),
        terms: z.array(id).default([]),
      })
      .strict()
      .describe('Answers beside which this update is shown'),
    onlyWhen: z
      .object({ statuses: z.array(useStatusSchema).min(1) })
      .strict()
      .optional()
      .describe('Restricts a use update to answers with these verdicts'),
  })
  .strict();

const intentSchema = z
  .object({
    id,
    description: text,
    needsProfile: z.boolean().default(false),
    anchors: z
      .array(text)
      .default([])
      .describe('« et quand je serai installée ? » is no question on the RPPS: an intent about one subject is chosen only when the message names it with one of these words (none: any message)'),
    phrases: z.array(text).min(3, 'au moins trois phrases d’entraînement par intention'),
  })
  .strict();

export const intentsFileSchema = z
  .object({
    threshold: z.number().min(0).max(1),
    commands: z
      .object({ help: z.array(text).min(1), cancel: z.array(text).min(1), restart: z.array(text).min(1) })
      .strict(),
    intents: z.array(intentSchema).min(1),
  })
  .strict();

/** Answer wording: a tree of strings with {placeholders}. */
type ResponseTree = string | string[] | { [key: string]: ResponseTree };
const responsesSchema: z.ZodType<ResponseTree> = z.lazy(() =>
  z.union([text, z.array(text).min(1), z.record(z.string(), responsesSchema)]),
);
export const responsesFileSchema = z.record(z.string(), responsesSchema);

export type Profile = z.infer<typeof profileSchema>;
export type ProfileUse = z.infer<typeof profileUseSchema>;
export type UseStatus = z.infer<typeof useStatusSchema>;
export type Profession = z.infer<typeof professionSchema>;
export type Status = z.infer<typeof statusSchema>;
export type ProfessionsFile = z.infer<typeof professionsFileSchema>;
export type Use = z.infer<typeof useSchema>;
export type UseGroup = z.infer<typeof useGroupSchema>;
export type Card = z.infer<typeof cardSchema>;
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;
export type Contact = z.infer<typeof contactSchema>;
export type Topic = z.infer<typeof topicSchema>;
export type Update = z.infer<typeof updateSchema>;
export type IntentsFile = z.infer<typeof intentsFileSchema>;
export type Responses = Record<string, ResponseTree>;
export type { ResponseTree };

/** Spelling normalisation of what users type (SMS forms, short forms) and the stop words. */
export const lexiconFileSchema = z
  .object({
    replacements: z.record(z.string().min(1), z.string()).describe('whole word or phrase (accents folded) → replacement'),
    stopwords: z.array(z.string().min(1)),
    markers: z
      .object({
        english: z.array(z.string().min(1)).describe('English words: a message mostly made of them is answered in French with examples'),
        french: z.array(z.string().min(1)),
        past: z.array(z.string().min(1)).describe('Words that put a status in the past: « j\'étais remplaçante »'),
        present: z.array(z.string().min(1)).describe('Words that put a status in the present: « maintenant installée »'),
        still: z.array(z.string().min(1)).describe('Words that say a status still holds: « encore remplaçante »'),
        selfAbility: z.array(z.string().min(1)).describe('The asker asks for themself (« je peux … ? »), even with someone else named before (« ma titulaire m\'a transféré ça »)'),
        lasting: z.array(z.string().min(1)).describe('How long a card lasts (« valable », « durent »): with no word of renewal, the validity, not the renewal'),
        notReceived: z.array(z.string().min(1)).default([]).describe('« elle n\'a toujours pas sa carte »: a first card not arrived yet; « which card » or a lost card becomes how to obtain it'),
        firstCard: z.array(z.string().min(1)).describe('Words of a first card (« je viens de finir mes études »): with no word of renewal, how to obtain it, not a renewal'),
        money: z.array(z.string().min(1)).describe('Payments and rejections: out of the guide even when a use is named, unless a card is'),
        someoneElse: z.array(z.string().min(1)).describe('Strong pronouns of someone else (« et lui, il peut ? »): with nobody named before, the bot asks who is meant'),
        place: z.array(z.string().min(1)).describe('Words before a workplace (« à l\'officine », « dans une pharmacie »): the place alone does not say who one is'),
        contrast: z.array(z.string().min(1)).describe('Words after which the question comes, when two steps of one group are named: « je peux l\'alimenter, mais est-ce que je peux le consulter ? »'),
        negation: z.array(z.string().min(1)).describe('Words just before a status that negate it: « je ne suis plus remplaçante », « pas encore installée »'),
        cardPronoun: z.array(z.string().min(1)).default([]).describe('« ma CPS ou celle de la secrétaire ? »: a card named by a pronoun; the person after « de » is its holder, not the asker'),
        holderOf: z.array(z.string().min(1)).default([]).describe('« la carte de la titulaire », « celle de la secrétaire »: after a card, the words that name its holder (not « pour », which names whom the card is for)'),
        family: z.array(z.string().min(1)).default([]).describe('« ma mère », « mon fils »: a relative of the asker; with no card and no professional named, the question is a patient\'s (out of scope)'),
        newcomer: z.array(z.string().min(1)).default([]).describe('« nouvelle préparatrice, quelle carte ? »: a message that opens on it names someone who arrives (not the asker, unless a « je » says who writes)'),
        becoming: z.array(z.string().min(1)).default([]).describe('« ma secrétaire devient assistante médicale », « je deviens assistante médicale »: right before a person word, the role one becomes (that page is the one asked about)'),
        notYet: z.array(z.string().min(1)).default([]).describe('« titulaire… enfin pas encore », « installée, bientôt »: right after a status, the words that say it is to come (taken back for today; its page is the one to come)'),
        takenBack: z.array(z.string().min(1)).default([]).describe('« titulaire… enfin pas encore », « remplaçante, enfin plus vraiment »: right after a status, the words that take it back (the status is denied; what notYet says takes it back too)'),
        verbNegation: z.array(z.string().min(1)).default([]).describe('« ne » of a status said by a verb (« je ne remplace plus », « je n\'exerce plus en libéral »): with a word of negation right after the verb, the status is denied'),
        future: z.array(z.string().min(1)).describe('Words that put a status in the future: « je m\'installe en janvier »'),
        onceDone: z.array(z.string().min(1)).default([]).describe('« une fois installée », « dès que je serai thésé »: just before a status, a status to come'),
        accomplished: z.array(z.string().min(1)).default([]).describe('« je me suis installée en janvier », « installé depuis mars »: the month is past, the status holds'),
        contact: z.array(z.string().min(1)).describe('Verbs that, after « qui », ask whom to contact'),
        helpline: z.array(z.string().min(1)).default([]).describe('« le numéro du support », « une hotline »: whom to contact, even with a card named (unless the card is lost or broken, or the e-CPS is named: its answer has its own number)'),
        aboutBot: z.array(z.string().min(1)).default([]).describe('« à quoi sert ce chatbot ? », « c\'est quoi ton prénom ? »: about the assistant itself, answered by the help (unless a card, a use or a sigle is named)'),
        definition: z.array(z.string().min(1)).describe('Phrases that ask what a term means'),
        difference: z.array(z.string().min(1)).describe('Words that ask for a comparison'),
        activityNouns: z.array(z.string().min(1)).default([]).describe('Status words that name an activity or a place, not a person (« mon premier remplacement », « à l\'hôpital »): after « mon » or « la », they are no one else'),
        hiring: z.array(z.string().min(1)).default([]).describe('« j\'embauche une secrétaire »: the person hired is someone else'),
        having: z.array(z.string().min(1)).default([]).describe('« j\'ai une assistante médicale », « on a un remplaçant »: said just before « un / une », the person one has beside oneself is someone else, not the asker'),
        aside: z.array(z.string().min(1)).default([]).describe('« ma CPS est bloquée et au passage c\'est quoi l\'INSi ? »: what follows is a second question, offered as a button; what comes before is the question'),
        lending: z.array(z.string().min(1)).default([]).describe('« le titulaire peut me prêter sa CPS ? »: a card lent or borrowed; the question is about the asker\'s own card, and the answer first says a card is its holder\'s alone'),
        lendingOut: z.array(z.string().min(1)).default([]).describe('« je peux lui donner le code de ma carte pour qu\'elle télétransmette ? »: the asker\'s card lent to someone named; the question is about what that person may do with their own card, and the answer first says a card is its holder\'s alone'),
        personBreak: z.array(z.string().min(1)).default([]).describe('« infirmière et j\'ai une remplaçante »: a person\'s phrase never spans these verbs (nor a possessive): two people'),
        outside: z.array(z.string().min(1)).default([]).describe('Words that put a question outside the cards even beside who one is (« URSSAF », « tarif », « congé maternité »), unless a card, a use or a sigle is named'),
        offTopic: z.array(z.string().min(1)).default([]).describe('« mon logiciel plante », « le wifi ne marche pas »: out of scope unless a card (even the word « carte »), a use or a sigle is named'),
        futureQuestion: z.array(z.string().min(1)).default([]).describe('« je pourrai … une fois installée ? », « ça change quoi ? »: the question is about the status to come'),
        order: z.array(z.string().min(1)).default([]).describe('Words of ordering a card (« commander », « une par médecin »): « quelle carte » with them is how to obtain it'),
        keepOrChange: z.array(z.string().min(1)).default([]).describe('« je garde ma carte ? », « ma carte ça change ? »: which card now, not how to obtain one'),
        namesWhich: z.array(z.string().min(1)).default([]).describe('« quelle carte »: said, the question stays « which card » even with ordering words'),
        withWhichCard: z.array(z.string().min(1)).default([]).describe('« avec quelle carte je fais … ? »: which card, even with a use named'),
        whichCard: z.array(z.string().min(1)).default([]).describe('Phrases that ask which card one needs (« il me faut quelle carte », « une carte à mon nom »), even beside a card or billing named'),
        possessive: z.array(z.string().min(1)).describe('Words before a person that make the question about someone else'),
        structures: z.array(z.string().min(1)).default([]).describe('« ma société de taxi », « mon labo »: a possessive before a structure speaks of the asker\'s own'),
        definite: z.array(z.string().min(1)),
        singularDefinite: z.array(z.string().min(1)).default([]).describe('« la titulaire me demande … »: before a status, one person, not the asker (« les remplas » is an activity)'),
        asker: z.array(z.string().min(1)).default([]).describe('« je », « moi »: the asker speaks of themself, so « elle » is not the subject'),
        complement: z.array(z.string().min(1)),
        contracted: z.array(z.string().min(1)).describe('With definite and complement: « pour le docteur », « du kiné » name the employer'),
        alongside: z.array(z.string().min(1)).default([]).describe('« avec une orthoptiste »: before an indefinite article, a person one works with, not the asker'),
        listJoiners: z.array(z.string().min(1)).default([]).describe('« avec 2 collaborateurs et une secrétaire »: words that join the persons of a list after « avec »; each of them is someone one works with'),
        alternative: z.array(z.string().min(1)).default([]).describe('« CPS ou CPE pour un taxi ? »: between two cards named, a choice of card (which card)'),
        whoWords: z.array(z.string().min(1)).default([]).describe('« qui appeler ? », « c\'est moi qui dois la commander ? »: a question of who'),
        counts: z.array(z.string().min(1)).default([]).describe('« avec trois collaborateurs et une secrétaire »: number words before the persons of such a list'),
        ownBody: z.array(z.string().min(1)).default([]).describe('« inscrite à l\'ordre des sages-femmes »: before « des / de la », the profession after it is the asker\'s own, not an employer'),
        ownTask: z.array(z.string().min(1)).default([]).describe('« je m\'occupe de l\'accueil », « je travaille au secrétariat »: said just before a staff word (articles aside), the asker\'s own job, not an employer'),
        partitive: z.array(z.string().min(1)).default([]).describe('« de », « d\' »: skipped with the articles when ownTask is read'),
        agent: z.array(z.string().min(1)).default([]).describe('« les factures préparées par ma secrétaire »: the word before someone who did a thing; after a « je », a mention, the question is the asker\'s'),
        passive: z.array(z.string().min(1)).default([]).describe('« je viens d\'être embauchée comme secrétaire »: before a hiring word, the asker was hired (not someone else)'),
        beForms: z.array(z.string().min(1)).default([]).describe('the forms of « être » before a participle (« elle sera remplacée »)'),
        participles: z.array(z.string().min(1)).default([]).describe('« elle sera remplacée », « je suis remplacée par une collègue »: after a form of « être », these participles name no status'),
        bareCard: z.array(z.string().min(1)).default([]).describe('« j\'ai une question sur la carte »: words that, beside « carte » and nothing else, do not say which question (the bot asks which)'),
        notWorking: z.array(z.string().min(1)).default([]).describe('« le lecteur ne reconnaît plus la carte »: a card that does not work, even with a use named'),
        advisor: z.array(z.string().min(1)).default([]).describe('« délégué », « conseiller »: with a word of visit, whom to contact'),
        visit: z.array(z.string().min(1)).default([]).describe('« venir », « montrer », « formation »: beside an advisor, a visit asked (a contact)'),
        thenWords: z.array(z.string().min(1)).default([]).describe('« et le DMP dans ce cas ? », « et après septembre ? »: after an answer about the situation to come, the follow-up stays in it'),
        followUp: z.array(z.string().min(1)).default([]).describe('« et pour la MSS ? »: a first word that continues the previous question'),
        leadIn: z.array(z.string().min(1)).default([]).describe('« ok », « bon », « d\'accord »: words before the follow-up word that do not change it'),
        employedAt: z.array(z.string().min(1)).default([]).describe('« assistante chez un audioprothésiste »: with or without an article, the profession after it is the employer, never the asker'),
        indefinite: z.array(z.string().min(1)).default([]),
        sameQuestion: z.array(z.string().min(1)).describe('« elle peut ? »: the last question asked for another person'),
        vagueThing: z.array(z.string().min(1)).default([]).describe('« ma carte me permet de faire ça ? »: a use meant but not named; with nothing asked before, the bot asks which'),
        orderPhrases: z.array(z.string().min(1)).default([]).describe('« je la demande où ? », « le dossier je l\'envoie à qui ? »: obtaining a card, like order, but read only as whole phrases (their small words say nothing alone)'),
        questionWords: z.array(z.string().min(1)).default([]).describe('Words that make a message a question even with no « ? » (« il me faut quelle carte »)'),
        futureVerbs: z.array(z.string().min(1)).default([]).describe('Verbs in the future: a question so asked, with nothing new of the asker, stays in the situation to come just announced (they say nothing of a status)'),
        unguidedEvents: z.array(z.string().min(1)).default([]).describe('What becomes of the card in a case the guide does not describe (« j\'ai changé de nom », « je pars à la retraite »): the bot says so and gives the contacts'),
        toMe: z.array(z.string().min(1)).default([]).describe('« elle me demande », « il m\'a dit »: the asker spoken to; « elle » is then someone beside the asker, the practitioner a staff member works for when nobody else was asked about'),
        asRole: z.array(z.string().min(1)).default([]).describe('« en tant que comptable »: right before someone of professions.yaml › noCard, who the asker is'),
        relatives: z.array(z.string().min(1)).default([]).describe('« mon fils est kiné »: after a possessive, a relative of the asker; a profession said of them within a few words, with no « je » between, is theirs'),
        own: z.array(z.string().min(1)).default([]).describe('« ma propre carte »: a word of one\'s own between the possessive and the card; the card is still the asker\'s'),
        thingNouns: z.array(z.string().min(1)).default([]).describe('Nouns of a thing (« une consultation libérale »): a gendered word right after them says nothing of the asker\'s gender'),
        likeOthers: z.array(z.string().min(1)).default([]).describe('« une CPS comme les libéraux »: a status said right after one of these phrases is of others, compared, not the asker\'s'),
        denial: z.array(z.string().min(1)).default([]).describe('« je suis pas opticienne »: right before a profession said alone, it is not the person\'s (unlike « plus », no longer)'),
        openAbility: z.array(z.string().min(1)).default([]).describe('« ma carte me donne accès ? », « c\'est possible avec ma carte ? »: what one\'s own card allows, with no use named and nothing asked before; the bot asks which use'),
        wholeCard: z.array(z.string().min(1)).default([]).describe('« ma carte permet quoi ? », « elle marche pour tout ? »: every use of the card is asked (its uses are listed), not one to name'),
        forWhom: z.array(z.string().min(1)).default([]).describe('« et pour la secrétaire ? »: after the follow-up word, the person now asked about (not whom one works for)'),
        meToo: z.array(z.string().min(1)).default([]).describe('« … il a la messagerie sécurisée, moi aussi ? »: the question is the asker\'s, whoever was named before'),
        cleft: z.array(z.string().min(1)).default([]).describe('« c\'est le médecin qui doit le faire ? »: before an article and a person followed by « qui », someone else, not the asker'),
        relative: z.array(z.string().min(1)).default([]).describe('« qui »: after the person of a cleft sentence (see cleft)'),
        doingIt: z.array(z.string().min(1)).default([]).describe('« c\'est mon titulaire qui doit le faire ? »: the use asked before, done by the person now named'),
        thirdPerson: z.array(z.string().min(1)).default([]).describe('« elle pourra … à ma place ? »: the question stays on the other person'),
        firstPerson: z.array(z.string().min(1)).describe('« moi », « ma carte »: the question is the asker\'s again'),
        renewal: z.array(z.string().min(1)).describe('Words of a card coming to its end: « échéance », « expire » (a renewal, not a first card)'),
        missing: z.array(z.string().min(1)).default([]).describe('Words of a card lost or stolen (« perdue », « volée »): without them, a card that the reader refuses is not lost'),
        damaged: z.array(z.string().min(1)).default([]).describe('Words of a damaged or blocked card (« cassée », « pliée »): « comment en avoir une nouvelle » is then a broken card, not a renewal'),
        patientCard: z.array(z.string().min(1)).describe('Words of the patient\'s card (« vitale »): out of the assistant\'s field unless a professional card is named'),
        feminine: z.array(z.string().min(1)).describe('Words that show the user writes in the feminine'),
        masculine: z.array(z.string().min(1)).describe('Their masculine forms: both said, nothing is shown'),
        anchors: z
          .array(z.string().min(1))
          .default([])
          .describe('Words that tie a message to the cards without naming one (« code PIN », « lecteur »): a word otherwise seen only out of scope does not outweigh them'),
      })
      .strict(),
  })
  .strict();
export type Lexicon = z.infer<typeof lexiconFileSchema>;
