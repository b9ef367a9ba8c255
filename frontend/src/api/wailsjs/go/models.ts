export namespace main {
	
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

}

export namespace store {
	
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

}

