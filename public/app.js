/* Assistant cartes CPx: starts Web Chat on this page (no inline script: the page's CSP forbids it). */
(function () {
  'use strict';
  var statut = document.getElementById('statut');
  var conteneur = document.getElementById('webchat');
  if (window.self !== window.top) {
    document.documentElement.classList.add('integre');
    // Escape inside the panel closes it (the key does not reach the host page from a frame)
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') window.parent.postMessage({ type: 'assistant-cpx:fermer' }, '*');
    });
  }

  var INDISPONIBLE = "Le service de discussion est momentanément indisponible. Réessayez dans quelques minutes ; en cas d'urgence, contactez votre CPAM.";
  var ECHEC_CONNEXION = 4; // DirectLineJS ConnectionStatus.FailedToConnect
  var FIN = 5; // ConnectionStatus.Ended

  function indisponible() {
    statut.textContent = INDISPONIBLE;
    statut.className = 'statut erreur';
    statut.setAttribute('role', 'alert');
    statut.hidden = false;
    conteneur.hidden = true;
  }

  var styleOptions = {
    accent: '#0c419a',
    primaryFont: 'Arial, "Helvetica Neue", Helvetica, sans-serif',
    backgroundColor: '#ffffff',
    bubbleBackground: '#eef3fb',
    bubbleBorderColor: '#c5cfe0',
    bubbleBorderRadius: 8,
    bubbleBorderWidth: 1,
    bubbleTextColor: '#1a1a1a',
    bubbleFromUserBackground: '#0c419a',
    bubbleFromUserBorderColor: '#0c419a',
    bubbleFromUserBorderRadius: 8,
    bubbleFromUserTextColor: '#ffffff',
    bubbleMaxWidth: 640,
    subtle: '#4d4d4d',
    timestampColor: '#4d4d4d',
    hideUploadButton: true,
    sendBoxButtonColor: '#0c419a',
    sendBoxButtonColorOnHover: '#072a66',
    sendBoxTextWrap: true,
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#0c419a',
    suggestedActionTextColor: '#0c419a',
    suggestedActionBorderRadius: 6,
    botAvatarInitials: 'AM',
    botAvatarBackgroundColor: '#0c419a',
    avatarSize: 36,
    cardEmphasisBackgroundColor: '#eef3fb'
  };

  // ── The conversation kept for the browser session (sessionStorage): a reload resumes it ──
  // Kept: the conversation's id, its token (refreshed by DirectLineJS, saved again when it
  // changes), the user id, the service's address and the watermark of what was received.
  // A reload reconnects to the conversation and shows its history again (Direct Line keeps
  // it); the welcome is not asked for again. « Nouvelle conversation » forgets it all.
  var CLE_SESSION = 'assistant-cpx:conversation';
  var ECHEC_TOKEN = 3; // ConnectionStatus.ExpiredToken
  var EN_LIGNE = 2; // ConnectionStatus.Online
  var ID_BOT_LOCAL = 'assistant-cartes-cpx';
  // Web Chat's feedback buttons (Web Chat 4.18), named as the bot's thanks expect them
  var LIBELLES = { VOTE_LIKE_ALT: 'Utile', VOTE_DISLIKE_ALT: 'Pas utile' };
  // a turn that takes longer than this shows « … en train d'écrire »
  var DELAI_SAISIE = 700;

  function lireSession() {
    try {
      var s = JSON.parse(window.sessionStorage.getItem(CLE_SESSION) || 'null');
      if (s && typeof s.token === 'string' && typeof s.conversationId === 'string' && typeof s.domain === 'string' && s.expire > Date.now()) return s;
    } catch (e) { /* storage refused or unreadable: a new conversation */ }
    return null;
  }
  // once « Nouvelle conversation » is pressed, nothing of the old conversation is kept again:
  // until the reloaded page replaces this one, an answer still arriving would save it back
  var oubliee = false;
  function garderSession(s) {
    if (oubliee) return;
    try { window.sessionStorage.setItem(CLE_SESSION, JSON.stringify(s)); } catch (e) { /* private mode: not kept */ }
  }
  function oublierSession() {
    try { window.sessionStorage.removeItem(CLE_SESSION); } catch (e) { /* nothing kept */ }
  }

  function nouvelleSession() {
    var controle = new AbortController();
    var delai = setTimeout(function () { controle.abort(); }, 10000);
    return fetch('/api/directline/token', { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: '{}', credentials: 'same-origin', signal: controle.signal })
      .then(function (r) { if (!r.ok) throw new Error('jeton refusé : ' + r.status); return r.json(); })
      .then(function (t) {
        clearTimeout(delai);
        return {
          conversationId: t.conversationId,
          token: t.token,
          userId: t.userId,
          domain: new URL(t.domain, window.location.href).href.replace(/\/$/, ''),
          webSocket: !!t.webSocket,
          watermark: '',
          expire: Date.now() + (Number(t.expires_in) || 1800) * 1000
        };
      }, function (err) { clearTimeout(delai); throw err; });
  }

  /** Starts Web Chat on a session; `reprise`: the page was reloaded, the conversation goes on. */
  function connecter(session, reprise) {
    // resuming: polling from the start replays the history, which a web socket would not
    var directLine = window.WebChat.createDirectLine({
      domain: session.domain,
      token: session.token,
      conversationId: reprise ? session.conversationId : undefined,
      webSocket: reprise ? false : session.webSocket,
      pollingInterval: 500
    });
    var enLigne = false;
    var idBot = ID_BOT_LOCAL;
    var attente = null;
    var repris = !reprise;

    function retenir() {
      // the token is refreshed every 15 minutes, the watermark moves with each activity
      var changed = directLine.token && directLine.token !== session.token;
      if (changed) { session.token = directLine.token; session.expire = Date.now() + 1800 * 1000; }
      if (directLine.watermark && directLine.watermark !== session.watermark) { session.watermark = directLine.watermark; changed = true; }
      if (changed) garderSession(session);
    }
    var minuteur = setInterval(retenir, 60000);

    var abandonnee = false;
    directLine.connectionStatus$.subscribe(function (s) {
      if (abandonnee) return;
      if (s === EN_LIGNE) { enLigne = true; return; }
      if (reprise && !enLigne && (s === ECHEC_TOKEN || s === ECHEC_CONNEXION || s === FIN)) {
        // the conversation is no longer there (expired, server restarted): a new one
        abandonnee = true;
        clearInterval(minuteur);
        oublierSession();
        directLine.end();
        demarrer();
        return;
      }
      if (s === ECHEC_CONNEXION || s === FIN) indisponible();
    });

    var store = window.WebChat.createStore({}, function (api) {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') {
            // a resumed conversation says so; a new one needs no status once connected
            statut.hidden = !reprise;
            // the welcome once per conversation: not again when the page is reloaded
            if (!reprise) api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/join', value: { locale: 'fr-FR' } } });
          }
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY' && action.payload && action.payload.activity && action.payload.activity.type === 'message') {
            // the typing indicator, when the answer takes more than a moment
            clearTimeout(attente);
            attente = setTimeout(function () {
              api.dispatch({ type: 'DIRECT_LINE/INCOMING_ACTIVITY', payload: { activity: { type: 'typing', id: 'saisie-' + Date.now(), timestamp: new Date().toISOString(), from: { id: idBot, role: 'bot' }, channelData: {} } } });
            }, DELAI_SAISIE);
          }
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload && action.payload.activity) {
            var recu = action.payload.activity;
            if (recu.from && recu.from.role === 'bot' && recu.type === 'message') {
              idBot = recu.from.id || idBot;
              clearTimeout(attente);
            }
            retenir();
            if (!repris && session.watermark && directLine.watermark && Number(directLine.watermark) >= Number(session.watermark)) {
              repris = true;
              statut.textContent = 'Conversation reprise : vos échanges précédents sont affichés ci-dessous.';
            }
          }
          return next(action);
        };
      };
    });
    window.WebChat.renderWebChat({ directLine: directLine, store: store, locale: 'fr-FR', userID: session.userId, username: 'Vous', styleOptions: styleOptions, overrideLocalizedStrings: LIBELLES }, conteneur);
    statut.textContent = reprise ? 'Conversation reprise.' : 'Connecté. Posez votre question dans la zone de saisie en bas de la conversation.';
    if (boutonNouvelle) boutonNouvelle.hidden = false;
  }

  // « Nouvelle conversation »: forgets the kept conversation and starts another
  var boutonNouvelle = document.getElementById('nouvelle');
  if (boutonNouvelle) {
    boutonNouvelle.addEventListener('click', function () {
      oubliee = true;
      oublierSession();
      window.location.reload();
    });
  }

  function demarrer() {
    if (!window.WebChat) { indisponible(); return; }
    var gardee = lireSession();
    if (gardee) { connecter(gardee, true); return; }
    nouvelleSession()
      .then(function (session) { garderSession(session); connecter(session, false); })
      .catch(function () { indisponible(); });
  }

  demarrer();
})();
