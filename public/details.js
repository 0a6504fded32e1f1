/*
 * Assistant cartes CPx: « Voir le détail » announced as a disclosure button (RGAA 4.1 /
 * WCAG 2.1: 4.1.2 name, role, value; 4.1.1 unique ids).
 *
 * An answer card shows its details with an Action.ToggleVisibility. The Adaptive Cards
 * renderer inside Web Chat (adaptivecards 3.0.6) marks the state on the wrong element: it
 * puts aria-expanded on the container it shows or hides (a <div>, where the attribute is
 * not allowed: axe « aria-allowed-attr », critical), while the button says nothing of it;
 * and it keeps the card's ids as they are, so once two answers are on screen two
 * containers share one id and the second button's aria-controls points to the first.
 *
 * This script watches the conversation and, for each such button: gives each container it
 * controls an id of its own, points the button's aria-controls at it, and puts the state on
 * the button (aria-expanded "false"/"true", the WAI-ARIA disclosure pattern), never on the
 * container. It adds no content and no style: the card works the same without it.
 */
(function () {
  'use strict';
  var MARQUE = 'data-cpx-details';
  var compteur = 0;

  function estVisible(el) { return el.style.display !== 'none' && !el.hidden; }

  /** The containers a toggle button controls, in its own card. */
  function cibles(bouton) {
    var carte = bouton.closest('.ac-adaptiveCard');
    var ids = (bouton.getAttribute('aria-controls') || '').split(/\s+/).filter(Boolean);
    if (!carte || ids.length === 0) return [];
    var parId = {};
    Array.prototype.forEach.call(carte.querySelectorAll('[id]'), function (el) { if (!(el.id in parId)) parId[el.id] = el; });
    return ids.map(function (id) { return parId[id]; }).filter(Boolean);
  }

  function preparer(bouton) {
    if (bouton.hasAttribute(MARQUE)) return;
    var elements = cibles(bouton);
    if (elements.length === 0) return;
    var ids = elements.map(function (el) {
      if (el.getAttribute(MARQUE) !== 'cible') {
        compteur += 1;
        el.id = el.id + '-cpx-' + compteur;
        el.setAttribute(MARQUE, 'cible');
      }
      return el.id;
    });
    bouton.setAttribute('aria-controls', ids.join(' '));
    bouton.setAttribute(MARQUE, 'bouton');
  }

  function etat(bouton) {
    var ids = (bouton.getAttribute('aria-controls') || '').split(/\s+/).filter(Boolean);
    var ouvert = ids.some(function (id) { var el = document.getElementById(id); return el && estVisible(el); });
    if (bouton.getAttribute('aria-expanded') !== String(ouvert)) bouton.setAttribute('aria-expanded', String(ouvert));
    // Web Chat marks other card buttons as pressed; a disclosure button is not a toggle button
    if (bouton.hasAttribute('aria-pressed')) bouton.removeAttribute('aria-pressed');
  }

  function reparer(racine) {
    Array.prototype.forEach.call(racine.querySelectorAll('.ac-adaptiveCard button[aria-controls]'), function (bouton) {
      preparer(bouton);
      if (bouton.getAttribute(MARQUE) === 'bouton') etat(bouton);
    });
    Array.prototype.forEach.call(racine.querySelectorAll('[' + MARQUE + '="cible"][aria-expanded]'), function (el) { el.removeAttribute('aria-expanded'); });
  }

  function demarrer() {
    var racine = document.getElementById('webchat') || document.body;
    // idempotent: the changes it makes call it once more, and that pass changes nothing
    new MutationObserver(function () { reparer(racine); })
      .observe(racine, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-expanded', 'aria-pressed', 'aria-controls'] });
    reparer(racine);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', demarrer);
  else demarrer();
})();
