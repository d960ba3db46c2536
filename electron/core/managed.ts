/**
 * Machine policy in the running app: the settings the window sees
 * (the user's own values with policy applied, and how policy constrains
 * each), the About view's resolved policy, idle sign-out, the updater under
 * `UpdateMode`/`UpdateUrl`, and what a policy change does while the app
 * runs — a lock that newly applies moves the app to the locked value:
 * `CacheEnabled` off wipes the offline copy and its key, a locked server the
 * session is not on signs out, a locked language is pushed to the window.
 */
import { AppError } from '../../shared/errors.ts';
import type { EventName, EventPayload, Handlers, InvitationDraft, Settings } from '../../shared/ipc/contract.ts';
import { POLICIES } from '../../shared/policy/catalog.ts';
import { effectiveValues, resolvePolicy, settingControls, type ResolvedPolicy } from '../../shared/policy/resolve.ts';
import type { SettingControls } from '../../shared/policy/resolve.ts';
import { DEFAULT_UPDATE_FEED_URL } from '../../shared/updates.ts';
import { detach } from './detach.ts';
import { IdleSignOut } from './idle.ts';
import type { Logger } from './log.ts';
import type { PolicyService } from './policy/service.ts';
import type { SessionService } from './session.ts';
import type { SettingsStore } from './settings.ts';
import type { OfflineCopies } from './sync/copies.ts';
import type { Timers } from './sync/scheduler.ts';
import type { InstallKind } from './updates/install-kind.ts';
import { updatePlan, type UpdatePlan } from './updates/plan.ts';
import { UpdateService, type UpdateChecker, type UpdateTimers } from './updates/service.ts';

/** Without a policy mechanism (tests that do not care): every policy at its default. */
export function noPolicy(): PolicyService {
  const resolved = resolvePolicy([]);
  return {
    current: () => resolved,
    subscribe: () => () => undefined,
    refresh: async () => resolved,
    close: () => undefined,
  };
}

/** `settingControls` of the resolved policy, computed once per policy read. */
export function controlsOf(policy: PolicyService): () => SettingControls {
  let last: { resolved: ResolvedPolicy; controls: SettingControls } | null = null;
  return () => {
    const resolved = policy.current();
    if (last?.resolved !== resolved) last = { resolved, controls: settingControls(resolved, POLICIES) };
    return last.controls;
  };
}

export interface UpdateDeps {
  checker: UpdateChecker;
  installKind: InstallKind;
  currentVersion: string;
  timers?: UpdateTimers;
  firstCheckDelayMs?: number;
}

export interface ManagedDeps {
  /** Owned from here on: closed on dispose. */
  policy: PolicyService;
  settings: SettingsStore;
  session: SessionService;
  copies: OfflineCopies;
  /** Drop what the member sync keeps in memory and the copies kept apart (the activity): the copy is being wiped. */
  forgetCopies: () => Promise<void>;
  updates: UpdateDeps;
  timers: Timers;
  monotonic: () => number;
  log: Logger;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
}

type ManagedHandlers = Pick<
  Handlers,
  | 'settings:get'
  | 'settings:update'
  | 'policy:get'
  | 'session:activity'
  | 'update:status'
  | 'update:check'
  | 'update:restart'
>;

export interface Managed {
  handlers: ManagedHandlers;
  settings(): Settings;
  /** Refuses an invitation by SMS to a region `SmsCountries` does not allow. */
  checkInvitation(invitation: InvitationDraft): void;
  /** Whether `SmsCountries` lets a code go by SMS to a number of this region (ISO code, any case). */
  smsCountryAllowed(country: string): boolean;
  /** Refuses signing in to another server than a locked one. */
  checkServer(serverUrl: string): void;
  /** At start and after every policy change: move the app to what policy now requires. */
  enforce(): Promise<void>;
  /** The session began (sign-in, restore) or ended. */
  sessionBegan(): void;
  sessionEnded(): void;
  dispose(): void;
}

export function createManaged(deps: ManagedDeps): Managed {
  const { policy, settings, session, log, emit } = deps;
  const values = () => effectiveValues(policy.current());

  const plan = (): UpdatePlan => {
    const entry = policy.current().effective.UpdateMode;
    const mode = entry.value ?? 'notify';
    return updatePlan(mode, entry.value === null ? 'default' : entry.source, deps.updates.installKind);
  };
  const feedUrl = () => values().UpdateUrl ?? DEFAULT_UPDATE_FEED_URL;
  const smsCountryAllowed = (country: string): boolean => {
    const allowed = values().SmsCountries;
    return !allowed || allowed.includes(country.toUpperCase());
  };
  const updates = new UpdateService({
    checker: deps.updates.checker,
    plan: plan(),
    feedUrl: feedUrl(),
    currentVersion: deps.updates.currentVersion,
    emit: (status) => emit('update:changed', status),
    log,
    ...(deps.updates.timers ? { timers: deps.updates.timers } : {}),
    ...(deps.updates.firstCheckDelayMs !== undefined ? { firstCheckDelayMs: deps.updates.firstCheckDelayMs } : {}),
  });
  const idle = new IdleSignOut({
    minutes: () => values().IdleSignOutMinutes,
    timers: deps.timers,
    monotonic: deps.monotonic,
    onIdle: async () => {
      log.info('idle sign-out');
      await session.signOut('idle_signed_out');
    },
    log,
  });

  const publicSettings = (): Settings => {
    const { language, cacheEnabled, cacheMaxAgeDays, lastSafeId } = settings.read();
    const { SmsCountries, IdleSignOutMinutes } = values();
    return {
      language,
      cacheEnabled,
      cacheMaxAgeDays,
      lastSafeId,
      controls: settings.controls(),
      smsCountries: SmsCountries ? [...SmsCountries] : null,
      idleSignOutMinutes: IdleSignOutMinutes,
    };
  };

  const wipeCopies = async () => {
    await deps.forgetCopies();
    await deps.copies.wipe(session.account);
  };

  const enforce = async () => {
    const effective = settings.read();
    if (!effective.cacheEnabled) {
      // Also what an earlier run left behind: files of any account; this account's key.
      await wipeCopies();
      await deps.copies.wipeAll();
    }
    const server = settings.controls().serverUrl;
    const state = session.state();
    if (server.kind === 'locked' && state.status === 'signedIn' && state.serverUrl !== server.value) {
      log.info('policy: the session is on another server than the locked one');
      await session.signOut('server_policy_changed');
    }
  };

  const unsubscribe = policy.subscribe((resolved) => {
    log.info(`policy: changed (${resolved.problems.length} ignored value(s))`);
    const applied = enforce()
      .catch((error: unknown) => {
        log.warn(`policy: enforcing failed: ${error instanceof AppError ? error.code : 'failed'}`);
      })
      .then(() => {
        idle.reconfigure();
        updates.reconfigure({ plan: plan(), feedUrl: feedUrl() });
        emit('settings:changed', publicSettings());
        emit('policy:changed', resolved);
      });
    detach(applied, log, 'policy change');
  });
  updates.start();

  return {
    handlers: {
      'settings:get': async () => publicSettings(),
      'settings:update': async (patch) => {
        const clean = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
        settings.check(clean);
        settings.update(clean);
        if (patch.cacheEnabled === false) await wipeCopies();
        emit('settings:changed', publicSettings());
        return publicSettings();
      },
      'policy:get': async () => policy.current(),
      'session:activity': async () => {
        idle.activity();
        return {};
      },
      'update:status': async () => updates.status,
      'update:check': () => updates.checkNow(),
      'update:restart': async () => ({ restarting: updates.restartToUpdate() }),
    },
    settings: publicSettings,
    smsCountryAllowed,
    checkInvitation(invitation) {
      if (invitation.codeDelivery !== 'sms' || !invitation.mobile) return;
      if (!smsCountryAllowed(invitation.mobile.country)) {
        throw new AppError('invalid_payload', 'SMS country not allowed by policy', {
          fields: { 'invitation.mobile.country': 'country_not_allowed' },
        });
      }
    },
    checkServer(serverUrl) {
      settings.check({ serverUrl });
    },
    enforce,
    sessionBegan: () => idle.begin(),
    sessionEnded: () => idle.end(),
    dispose() {
      unsubscribe();
      policy.close();
      idle.end();
      updates.stop();
    },
  };
}
