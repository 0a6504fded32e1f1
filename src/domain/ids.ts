/**
 * The content ids the code relies on. kb:check refuses knowledge files that lack one of
 * them, naming the file and the id: renaming a topic in topics.yaml alone would otherwise
 * leave « j'ai perdu ma CPS » without its answer.
 */
export const TOPIC_IDS = ['ecps', 'card-lost', 'card-broken', 'card-renew', 'card-validity', 'adeli-rpps', 'compare-cpe', 'compare-cps-ecps', 'compare-cps-cpf', 'compare-cde-cpe'] as const;
export const CONTACT_IDS = ['ans', 'cpam-vendee-dns'] as const;
export const STATUS_IDS = ['titulaire', 'remplacant', 'formation', 'salarie'] as const;
export const CARD_IDS = ['cps', 'cps-remplacant', 'cpf', 'cpe-anonyme', 'cpe-nominative', 'cde-cpe', 'e-cps'] as const;
export const GLOSSARY_IDS = ['cde', 'cpe', 'cpf', 'e-cps'] as const;

