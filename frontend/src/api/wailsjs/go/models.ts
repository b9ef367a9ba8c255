export namespace api {
	
	export class About {
	    version: string;
	    dataDir: string;
	    logDir: string;
	    problem: string;
	
	    static createFrom(source: any = {}) {
	        return new About(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.dataDir = source["dataDir"];
	        this.logDir = source["logDir"];
	        this.problem = source["problem"];
	    }
	}
	export class Clip {
	    audio: string;
	    text: string;
	    lang: string;
	    os: boolean;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new Clip(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.audio = source["audio"];
	        this.text = source["text"];
	        this.lang = source["lang"];
	        this.os = source["os"];
	        this.note = source["note"];
	    }
	}
	export class ComfortPoint {
	    date: string;
	    comfort: number;
	
	    static createFrom(source: any = {}) {
	        return new ComfortPoint(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.comfort = source["comfort"];
	    }
	}
	export class Conversation {
	    id: string;
	    language: string;
	    title: string;
	    scenarioId: string;
	    isOnboarding: boolean;
	    partner: string;
	    model: string;
	    startedAt: string;
	    endedAt: string;
	    durationSeconds: number;
	    messageCount: number;
	    comfortRating: number;
	    engagementLevel: string;
	
	    static createFrom(source: any = {}) {
	        return new Conversation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.language = source["language"];
	        this.title = source["title"];
	        this.scenarioId = source["scenarioId"];
	        this.isOnboarding = source["isOnboarding"];
	        this.partner = source["partner"];
	        this.model = source["model"];
	        this.startedAt = source["startedAt"];
	        this.endedAt = source["endedAt"];
	        this.durationSeconds = source["durationSeconds"];
	        this.messageCount = source["messageCount"];
	        this.comfortRating = source["comfortRating"];
	        this.engagementLevel = source["engagementLevel"];
	    }
	}
	export class DiffToken {
	    text: string;
	    op: string;
	
	    static createFrom(source: any = {}) {
	        return new DiffToken(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.op = source["op"];
	    }
	}
	export class Word {
	    word: string;
	    reading: string;
	    meaning: string;
	
	    static createFrom(source: any = {}) {
	        return new Word(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.word = source["word"];
	        this.reading = source["reading"];
	        this.meaning = source["meaning"];
	    }
	}
	export class Correction {
	    source: string;
	    natural: boolean;
	    corrected: string;
	    explanation: string;
	    newWords: Word[];
	    diff: DiffToken[];
	    youCouldSay: string;
	    wordsSaved: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Correction(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.natural = source["natural"];
	        this.corrected = source["corrected"];
	        this.explanation = source["explanation"];
	        this.newWords = this.convertValues(source["newWords"], Word);
	        this.diff = this.convertValues(source["diff"], DiffToken);
	        this.youCouldSay = source["youCouldSay"];
	        this.wordsSaved = source["wordsSaved"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Message {
	    id: string;
	    conversationId: string;
	    role: string;
	    content: string;
	    status: string;
	    createdAt: string;
	    translation: string;
	    hint: string;
	    choices: string[];
	    hasAudio: boolean;
	    correction?: Correction;
	
	    static createFrom(source: any = {}) {
	        return new Message(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.conversationId = source["conversationId"];
	        this.role = source["role"];
	        this.content = source["content"];
	        this.status = source["status"];
	        this.createdAt = source["createdAt"];
	        this.translation = source["translation"];
	        this.hint = source["hint"];
	        this.choices = source["choices"];
	        this.hasAudio = source["hasAudio"];
	        this.correction = this.convertValues(source["correction"], Correction);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConversationView {
	    conversation: Conversation;
	    messages: Message[];
	    offline: boolean;
	    finished: boolean;
	    replying: boolean;
	    offlineAvailable: boolean;
	    limit?: string;
	
	    static createFrom(source: any = {}) {
	        return new ConversationView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversation = this.convertValues(source["conversation"], Conversation);
	        this.messages = this.convertValues(source["messages"], Message);
	        this.offline = source["offline"];
	        this.finished = source["finished"];
	        this.replying = source["replying"];
	        this.offlineAvailable = source["offlineAvailable"];
	        this.limit = source["limit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CorrectedLine {
	    before: string;
	    after: string;
	    explanation: string;
	    diff: DiffToken[];
	
	    static createFrom(source: any = {}) {
	        return new CorrectedLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.before = source["before"];
	        this.after = source["after"];
	        this.explanation = source["explanation"];
	        this.diff = this.convertValues(source["diff"], DiffToken);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Day {
	    date: string;
	    minutes: number;
	
	    static createFrom(source: any = {}) {
	        return new Day(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.minutes = source["minutes"];
	    }
	}
	
	export class Fact {
	    id: string;
	    language: string;
	    text: string;
	    source: string;
	    mentions: number;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Fact(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.language = source["language"];
	        this.text = source["text"];
	        this.source = source["source"];
	        this.mentions = source["mentions"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class PreferencesForm {
	    targetLanguage: string;
	    nativeLanguage: string;
	    goal: string;
	    level: string;
	    preferredVoice: string;
	    dailyGoalMinutes: number;
	    theme: string;
	    speakReplies: boolean;
	    sendAfterSpeaking: boolean;
	    speechSpeed: number;
	    readingAids: string[];
	    desiredRetention: number;
	    saveCorrectionWords: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PreferencesForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.targetLanguage = source["targetLanguage"];
	        this.nativeLanguage = source["nativeLanguage"];
	        this.goal = source["goal"];
	        this.level = source["level"];
	        this.preferredVoice = source["preferredVoice"];
	        this.dailyGoalMinutes = source["dailyGoalMinutes"];
	        this.theme = source["theme"];
	        this.speakReplies = source["speakReplies"];
	        this.sendAfterSpeaking = source["sendAfterSpeaking"];
	        this.speechSpeed = source["speechSpeed"];
	        this.readingAids = source["readingAids"];
	        this.desiredRetention = source["desiredRetention"];
	        this.saveCorrectionWords = source["saveCorrectionWords"];
	    }
	}
	export class Scenario {
	    id: string;
	    title: string;
	    description: string;
	    category: string;
	    difficulty: string;
	    instructions: string;
	    context: string;
	    expectedOutcome: string;
	    learningObjectives: string[];
	    comfortIndicators: string[];
	    own: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Scenario(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.description = source["description"];
	        this.category = source["category"];
	        this.difficulty = source["difficulty"];
	        this.instructions = source["instructions"];
	        this.context = source["context"];
	        this.expectedOutcome = source["expectedOutcome"];
	        this.learningObjectives = source["learningObjectives"];
	        this.comfortIndicators = source["comfortIndicators"];
	        this.own = source["own"];
	    }
	}
	export class Language {
	    code: string;
	    name: string;
	    nativeName: string;
	    flag: string;
	    isRtl: boolean;
	    hasRomanization: boolean;
	    writingSystem: string;
	    supportedScripts: string[];
	
	    static createFrom(source: any = {}) {
	        return new Language(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.name = source["name"];
	        this.nativeName = source["nativeName"];
	        this.flag = source["flag"];
	        this.isRtl = source["isRtl"];
	        this.hasRomanization = source["hasRomanization"];
	        this.writingSystem = source["writingSystem"];
	        this.supportedScripts = source["supportedScripts"];
	    }
	}
	export class Today {
	    minutes: number;
	    goalMinutes: number;
	    streak: number;
	
	    static createFrom(source: any = {}) {
	        return new Today(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.minutes = source["minutes"];
	        this.goalMinutes = source["goalMinutes"];
	        this.streak = source["streak"];
	    }
	}
	export class User {
	    id: string;
	    displayName: string;
	    email: string;
	    nativeLanguage: string;
	    isGuest: boolean;
	    targetLanguage: string;
	    goal: string;
	    level: string;
	    comfort: number;
	
	    static createFrom(source: any = {}) {
	        return new User(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.displayName = source["displayName"];
	        this.email = source["email"];
	        this.nativeLanguage = source["nativeLanguage"];
	        this.isGuest = source["isGuest"];
	        this.targetLanguage = source["targetLanguage"];
	        this.goal = source["goal"];
	        this.level = source["level"];
	        this.comfort = source["comfort"];
	    }
	}
	export class SignIn {
	    learner?: User;
	    profiles: User[];
	    firstRun: boolean;
	    askToSave: boolean;
	    today?: Today;
	
	    static createFrom(source: any = {}) {
	        return new SignIn(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.learner = this.convertValues(source["learner"], User);
	        this.profiles = this.convertValues(source["profiles"], User);
	        this.firstRun = source["firstRun"];
	        this.askToSave = source["askToSave"];
	        this.today = this.convertValues(source["today"], Today);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FirstScreen {
	    about: About;
	    signIn: SignIn;
	    languages: Language[];
	    scenarios: Scenario[];
	    preferences?: PreferencesForm;
	
	    static createFrom(source: any = {}) {
	        return new FirstScreen(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.about = this.convertValues(source["about"], About);
	        this.signIn = this.convertValues(source["signIn"], SignIn);
	        this.languages = this.convertValues(source["languages"], Language);
	        this.scenarios = this.convertValues(source["scenarios"], Scenario);
	        this.preferences = this.convertValues(source["preferences"], PreferencesForm);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HandsFree {
	    on: boolean;
	    pauseMs: number;
	    listening: boolean;
	
	    static createFrom(source: any = {}) {
	        return new HandsFree(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.on = source["on"];
	        this.pauseMs = source["pauseMs"];
	        this.listening = source["listening"];
	    }
	}
	export class HintWords {
	    example: string;
	    words: Word[];
	
	    static createFrom(source: any = {}) {
	        return new HintWords(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.example = source["example"];
	        this.words = this.convertValues(source["words"], Word);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class LanguageLevel {
	    language: string;
	    level: string;
	    estimate: string;
	    chosen: string;
	    confidence: number;
	    sureness: string;
	    sessions: number;
	    why: string[];
	    change: string;
	
	    static createFrom(source: any = {}) {
	        return new LanguageLevel(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.language = source["language"];
	        this.level = source["level"];
	        this.estimate = source["estimate"];
	        this.chosen = source["chosen"];
	        this.confidence = source["confidence"];
	        this.sureness = source["sureness"];
	        this.sessions = source["sessions"];
	        this.why = source["why"];
	        this.change = source["change"];
	    }
	}
	export class Licence {
	    key: string;
	    tier: string;
	    status: string;
	    // Go type: time
	    periodEnd?: any;
	    // Go type: time
	    lastValidated: any;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new Licence(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.tier = source["tier"];
	        this.status = source["status"];
	        this.periodEnd = this.convertValues(source["periodEnd"], null);
	        this.lastValidated = this.convertValues(source["lastValidated"], null);
	        this.note = source["note"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MemoryPage {
	    on: boolean;
	    facts: Fact[];
	
	    static createFrom(source: any = {}) {
	        return new MemoryPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.on = source["on"];
	        this.facts = this.convertValues(source["facts"], Fact);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class OwnScene {
	    scene: Scenario;
	    closest?: Scenario;
	
	    static createFrom(source: any = {}) {
	        return new OwnScene(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scene = this.convertValues(source["scene"], Scenario);
	        this.closest = this.convertValues(source["closest"], Scenario);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OwnScenes {
	    scenes: OwnScene[];
	    needsAI: boolean;
	
	    static createFrom(source: any = {}) {
	        return new OwnScenes(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scenes = this.convertValues(source["scenes"], OwnScene);
	        this.needsAI = source["needsAI"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PartnerSettings {
	    kind: string;
	    baseUrl: string;
	    model: string;
	    keyOrigin: string;
	    keyMasked: string;
	    keySource: string;
	    reuseKeyFrom: string;
	    fromEnv: boolean;
	    keyringProblem: string;
	    ollamaDetected: boolean;
	    kaiwaAi: string;
	
	    static createFrom(source: any = {}) {
	        return new PartnerSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.baseUrl = source["baseUrl"];
	        this.model = source["model"];
	        this.keyOrigin = source["keyOrigin"];
	        this.keyMasked = source["keyMasked"];
	        this.keySource = source["keySource"];
	        this.reuseKeyFrom = source["reuseKeyFrom"];
	        this.fromEnv = source["fromEnv"];
	        this.keyringProblem = source["keyringProblem"];
	        this.ollamaDetected = source["ollamaDetected"];
	        this.kaiwaAi = source["kaiwaAi"];
	    }
	}
	export class Usage {
	    conversations: number;
	    minutes: number;
	
	    static createFrom(source: any = {}) {
	        return new Usage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversations = source["conversations"];
	        this.minutes = source["minutes"];
	    }
	}
	export class Tier {
	    id: string;
	    name: string;
	    conversations?: number;
	    minutes?: number;
	    advancedVoices: boolean;
	    analytics: boolean;
	    priceCents: number;
	    currency: string;
	    kaiwaAiModel: string;
	
	    static createFrom(source: any = {}) {
	        return new Tier(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.conversations = source["conversations"];
	        this.minutes = source["minutes"];
	        this.advancedVoices = source["advancedVoices"];
	        this.analytics = source["analytics"];
	        this.priceCents = source["priceCents"];
	        this.currency = source["currency"];
	        this.kaiwaAiModel = source["kaiwaAiModel"];
	    }
	}
	export class Plans {
	    tiers: Tier[];
	    current: string;
	    used: Usage;
	    licence?: Licence;
	    sells: boolean;
	    buyable: string[];
	    portal: boolean;
	    kaiwaAi: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Plans(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tiers = this.convertValues(source["tiers"], Tier);
	        this.current = source["current"];
	        this.used = this.convertValues(source["used"], Usage);
	        this.licence = this.convertValues(source["licence"], Licence);
	        this.sells = source["sells"];
	        this.buyable = source["buyable"];
	        this.portal = source["portal"];
	        this.kaiwaAi = source["kaiwaAi"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ProfileForm {
	    name: string;
	    email: string;
	    nativeLanguage: string;
	    targetLanguage: string;
	    goal: string;
	    level: string;
	
	    static createFrom(source: any = {}) {
	        return new ProfileForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.email = source["email"];
	        this.nativeLanguage = source["nativeLanguage"];
	        this.targetLanguage = source["targetLanguage"];
	        this.goal = source["goal"];
	        this.level = source["level"];
	    }
	}
	export class ProgressSummary {
	    totalMinutes: number;
	    conversations: number;
	    currentStreak: number;
	    longestStreak: number;
	    lastStudied: string;
	    todayMinutes: number;
	    goalMinutes: number;
	    last30: Day[];
	    calendar: Day[];
	    comfort: ComfortPoint[];
	    analyticsLocked: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ProgressSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.totalMinutes = source["totalMinutes"];
	        this.conversations = source["conversations"];
	        this.currentStreak = source["currentStreak"];
	        this.longestStreak = source["longestStreak"];
	        this.lastStudied = source["lastStudied"];
	        this.todayMinutes = source["todayMinutes"];
	        this.goalMinutes = source["goalMinutes"];
	        this.last30 = this.convertValues(source["last30"], Day);
	        this.calendar = this.convertValues(source["calendar"], Day);
	        this.comfort = this.convertValues(source["comfort"], ComfortPoint);
	        this.analyticsLocked = source["analyticsLocked"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Summary {
	    summary: string;
	    strengths: string[];
	    focus: string[];
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.summary = source["summary"];
	        this.strengths = source["strengths"];
	        this.focus = source["focus"];
	    }
	}
	export class Report {
	    minutes: number;
	    seconds: number;
	    turns: number;
	    words: number;
	    distinctWords: number;
	    corrections: CorrectedLine[];
	    newWords: Word[];
	    summary?: Summary;
	    comfortRating: number;
	    engagementLevel: string;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.minutes = source["minutes"];
	        this.seconds = source["seconds"];
	        this.turns = source["turns"];
	        this.words = source["words"];
	        this.distinctWords = source["distinctWords"];
	        this.corrections = this.convertValues(source["corrections"], CorrectedLine);
	        this.newWords = this.convertValues(source["newWords"], Word);
	        this.summary = this.convertValues(source["summary"], Summary);
	        this.comfortRating = source["comfortRating"];
	        this.engagementLevel = source["engagementLevel"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ReviewDay {
	    date: string;
	    reviews: number;
	
	    static createFrom(source: any = {}) {
	        return new ReviewDay(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.date = source["date"];
	        this.reviews = source["reviews"];
	    }
	}
	
	export class ScenarioTries {
	    scenarioId: string;
	    tries: number;
	    lastStatus: string;
	    lastAt: string;
	    lastFocus: string[];
	
	    static createFrom(source: any = {}) {
	        return new ScenarioTries(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scenarioId = source["scenarioId"];
	        this.tries = source["tries"];
	        this.lastStatus = source["lastStatus"];
	        this.lastAt = source["lastAt"];
	        this.lastFocus = source["lastFocus"];
	    }
	}
	export class SceneForm {
	    title: string;
	    where: string;
	    partner: string;
	    goal: string;
	    level: string;
	
	    static createFrom(source: any = {}) {
	        return new SceneForm(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.where = source["where"];
	        this.partner = source["partner"];
	        this.goal = source["goal"];
	        this.level = source["level"];
	    }
	}
	export class Segment {
	    text: string;
	    reading: string;
	
	    static createFrom(source: any = {}) {
	        return new Segment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.reading = source["reading"];
	    }
	}
	
	export class Speaker {
	    id: string;
	    language: string;
	    name: string;
	    gender: string;
	    voice: string;
	    isAdvanced: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Speaker(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.language = source["language"];
	        this.name = source["name"];
	        this.gender = source["gender"];
	        this.voice = source["voice"];
	        this.isAdvanced = source["isAdvanced"];
	    }
	}
	
	
	
	export class Transcript {
	    text: string;
	    recordingId: string;
	
	    static createFrom(source: any = {}) {
	        return new Transcript(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.recordingId = source["recordingId"];
	    }
	}
	export class UpdateNotice {
	    available: boolean;
	    version: string;
	    url: string;
	
	    static createFrom(source: any = {}) {
	        return new UpdateNotice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.available = source["available"];
	        this.version = source["version"];
	        this.url = source["url"];
	    }
	}
	export class UpdatePreference {
	    feed: boolean;
	    asked: boolean;
	    on: boolean;
	
	    static createFrom(source: any = {}) {
	        return new UpdatePreference(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.feed = source["feed"];
	        this.asked = source["asked"];
	        this.on = source["on"];
	    }
	}
	
	
	export class VocabularyCard {
	    id: string;
	    language: string;
	    word: string;
	    reading: string;
	    meaning: string;
	    example: string;
	    messageId: string;
	    due: string;
	    reps: number;
	    sentence: string;
	
	    static createFrom(source: any = {}) {
	        return new VocabularyCard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.language = source["language"];
	        this.word = source["word"];
	        this.reading = source["reading"];
	        this.meaning = source["meaning"];
	        this.example = source["example"];
	        this.messageId = source["messageId"];
	        this.due = source["due"];
	        this.reps = source["reps"];
	        this.sentence = source["sentence"];
	    }
	}
	export class VocabularyStats {
	    dueNow: number;
	    dueToday: number;
	    known: number;
	    reviewsPerDay: ReviewDay[];
	
	    static createFrom(source: any = {}) {
	        return new VocabularyStats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dueNow = source["dueNow"];
	        this.dueToday = source["dueToday"];
	        this.known = source["known"];
	        this.reviewsPerDay = this.convertValues(source["reviewsPerDay"], ReviewDay);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class VoiceModels {
	    speech: string;
	    transcription: string;
	
	    static createFrom(source: any = {}) {
	        return new VoiceModels(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.speech = source["speech"];
	        this.transcription = source["transcription"];
	    }
	}
	
	export class WordToSave {
	    language: string;
	    word: string;
	    reading: string;
	    meaning: string;
	    example: string;
	    messageId: string;
	
	    static createFrom(source: any = {}) {
	        return new WordToSave(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.language = source["language"];
	        this.word = source["word"];
	        this.reading = source["reading"];
	        this.meaning = source["meaning"];
	        this.example = source["example"];
	        this.messageId = source["messageId"];
	    }
	}

}

